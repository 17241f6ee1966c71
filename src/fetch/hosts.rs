//! Per-origin politeness: a request slot per origin (`scheme://host:port`) with a limit on
//! requests in flight and a minimum pause between requests, a global limit over all origins,
//! and the origin's robots.txt, fetched once and cached.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OnceCell, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// The politeness state of all origins of one batch.
pub struct Hosts {
    global: Arc<Semaphore>,
    per_host: usize,
    delay: Duration,
    map: Mutex<HashMap<String, Arc<Host>>>,
}

/// One origin.
pub struct Host {
    permits: Arc<Semaphore>,
    /// Earliest start of the next request, and the pause kept between requests.
    schedule: Mutex<(Instant, Duration)>,
    pub robots: OnceCell<Robots>,
}

/// What an origin's robots.txt says, for our user agent.
pub enum Robots {
    AllowAll,
    Rules(Box<texting_robots::Robot>),
}

impl Robots {
    pub fn allowed(&self, url: &str) -> bool {
        match self {
            Robots::AllowAll => true,
            Robots::Rules(r) => r.allowed(url),
        }
    }

    pub fn crawl_delay(&self) -> Option<Duration> {
        match self {
            Robots::AllowAll => None,
            Robots::Rules(r) => r
                .delay
                .filter(|d| d.is_finite() && *d > 0.0)
                .map(|d| Duration::from_secs_f32(d)),
        }
    }
}

/// Held while a request is in flight; on drop the origin's next start moves to at least
/// `now + delay`, so the pause is kept between the end of one request and the next.
pub struct Slot {
    _host: OwnedSemaphorePermit,
    _global: OwnedSemaphorePermit,
    host: Arc<Host>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut s) = self.host.schedule.lock() {
            let after = Instant::now() + s.1;
            if after > s.0 {
                s.0 = after;
            }
        }
    }
}

impl Hosts {
    pub fn new(concurrency: usize, per_host: usize, delay: Duration) -> Hosts {
        Hosts {
            global: Arc::new(Semaphore::new(concurrency.max(1))),
            per_host: per_host.max(1),
            delay,
            map: Mutex::new(HashMap::new()),
        }
    }

    /// The state of the origin of `url`.
    pub fn host(&self, url: &url::Url) -> Arc<Host> {
        let key = url.origin().ascii_serialization();
        let mut map = match self.map.lock() {
            Ok(m) => m,
            Err(poisoned) => poisoned.into_inner(),
        };
        map.entry(key)
            .or_insert_with(|| {
                Arc::new(Host {
                    permits: Arc::new(Semaphore::new(self.per_host)),
                    schedule: Mutex::new((Instant::now(), self.delay)),
                    robots: OnceCell::new(),
                })
            })
            .clone()
    }

    /// Waits for a request slot on `host`: its own limit first, then its pause, then the
    /// global limit (so that requests queued for a slow origin do not hold global slots).
    pub async fn slot(&self, host: &Arc<Host>) -> Slot {
        let own = host.permits.clone().acquire_owned().await;
        let start = {
            let mut s = match host.schedule.lock() {
                Ok(s) => s,
                Err(poisoned) => poisoned.into_inner(),
            };
            let start = s.0.max(Instant::now());
            s.0 = start + s.1;
            start
        };
        tokio::time::sleep_until(start).await;
        let global = self.global.clone().acquire_owned().await;
        match (own, global) {
            (Ok(own), Ok(global)) => Slot {
                _host: own,
                _global: global,
                host: host.clone(),
            },
            // The semaphores are never closed.
            _ => unreachable!("politeness semaphores are never closed"),
        }
    }
}

impl Host {
    /// Raises the pause between requests to at least `delay` (a robots.txt Crawl-delay).
    pub fn raise_delay(&self, delay: Duration) {
        if let Ok(mut s) = self.schedule.lock() {
            if delay > s.1 {
                s.1 = delay;
            }
        }
    }
}
