//! Debug printing of the compact tree with liveness and drop decisions, for
//! `CLAIMWIRE_DEBUG_EXTRACT=tree`. Not used in normal reading.

use super::dom::Dom;
use super::main_text::Live;

/// Prints element nodes holding live text, indented by depth, to stderr.
pub fn print_tree(dom: &Dom, live: &Live) {
    let mut stack = vec![(dom.body, 0usize)];
    while let Some((i, depth)) = stack.pop() {
        let n = &dom.nodes[i];
        if n.el.is_none() || n.text_len < 20 {
            continue;
        }
        let snippet: String = dom.plain_text(i).chars().take(50).collect();
        eprintln!(
            "{:indent$}{i} <{} {:?}> live={} link={} p={} inl={} junk={} dead={} drop={} | {}",
            "",
            n.tag,
            n.ci.chars().take(40).collect::<String>(),
            live.text[i],
            live.link[i],
            n.p_len,
            n.inline_len,
            n.junk,
            live.dead[i],
            super::render::drop_container(dom, live, i),
            snippet,
            indent = depth * 2
        );
        if live.dead[i] {
            continue;
        }
        for &c in n.children.iter().rev() {
            stack.push((c, depth + 1));
        }
    }
}

/// Whether `CLAIMWIRE_DEBUG_EXTRACT` is set (read once).
pub static ON: once_cell::sync::Lazy<bool> =
    once_cell::sync::Lazy::new(|| std::env::var_os("CLAIMWIRE_DEBUG_EXTRACT").is_some());
