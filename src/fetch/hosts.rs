//! Per-origin politeness: a request slot per origin (`scheme://host:port`) with a limit on
//! requests in flight and a minimum pause between requests, a global limit over all origins,
//! and the origin's robots.txt, fetched once and cached.
//!
//! With a pause (a delay or a Crawl-delay) requests to one origin never overlap: each starts
//! at least the pause after the previous one ended, so the server sees them at least that far
//! apart. Without one, up to `per_host` run at once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Notify, OnceCell, OwnedSemaphorePermit, Semaphore};
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
    schedule: Mutex<Schedule>,
    /// Wakes the requests waiting for one in flight to end.
    ended: Notify,
    pub robots: OnceCell<Robots>,
}

struct Schedule {
    /// The last start or end of a request, whichever is later.
    last: Instant,
    /// The pause kept between requests.
    delay: Duration,
    in_flight: usize,
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
                .and_then(|d| Duration::try_from_secs_f32(d).ok()),
        }
    }
}

/// Held while a request is in flight; on drop the pause to the next request starts.
pub struct Slot {
    _host: Option<OwnedSemaphorePermit>,
    _global: Option<OwnedSemaphorePermit>,
    host: Arc<Host>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        {
            let mut s = lock(&self.host.schedule);
            s.in_flight = s.in_flight.saturating_sub(1);
            s.last = s.last.max(Instant::now());
        }
        self.host.ended.notify_waiters();
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
                    schedule: Mutex::new(Schedule {
                        last: Instant::now()
                            .checked_sub(self.delay)
                            .unwrap_or_else(Instant::now),
                        delay: self.delay,
                        in_flight: 0,
                    }),
                    ended: Notify::new(),
                    robots: OnceCell::new(),
                })
            })
            .clone()
    }

    /// Waits for a request slot on `host`: its own limit first, then its pause, then the
    /// global limit (so that requests queued for a slow origin do not hold global slots).
    pub async fn slot(&self, host: &Arc<Host>) -> Slot {
        let own = host.permits.clone().acquire_owned().await;
        loop {
            let ended = host.ended.notified();
            tokio::pin!(ended);
            ended.as_mut().enable();
            let wait = {
                let mut s = lock(&host.schedule);
                let now = Instant::now();
                if !s.delay.is_zero() && s.in_flight > 0 {
                    None
                } else if now >= s.last + s.delay {
                    s.in_flight += 1;
                    s.last = now;
                    break;
                } else {
                    Some(s.last + s.delay)
                }
            };
            match wait {
                Some(at) => tokio::time::sleep_until(at).await,
                None => ended.await,
            }
        }
        // From here on the slot counts as in flight; dropping it (even while waiting for
        // the global limit) ends it.
        let mut slot = Slot {
            _host: own.ok(),
            _global: None,
            host: host.clone(),
        };
        // The semaphores are never closed, so acquiring cannot fail.
        slot._global = self.global.clone().acquire_owned().await.ok();
        slot
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

impl Host {
    /// Raises the pause between requests to at least `delay` (a robots.txt Crawl-delay).
    pub fn raise_delay(&self, delay: Duration) {
        let mut s = lock(&self.schedule);
        if delay > s.delay {
            s.delay = delay;
        }
    }
}
