//! Tag classes for the compact tree: elements skipped with their subtree, and block-level
//! elements that start a new paragraph.

/// Elements whose whole subtree never holds article text.
pub fn is_skipped(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "iframe"
            | "head"
            | "select"
            | "option"
            | "button"
            | "input"
            | "textarea"
            | "canvas"
            | "video"
            | "audio"
            | "object"
            | "embed"
            | "link"
            | "meta"
            | "map"
            | "dialog"
            | "math"
            | "picture"
            | "source"
    )
}

/// Block-level elements: they start a new paragraph when rendered.
pub fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "tbody"
            | "thead"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "blockquote"
            | "pre"
            | "figure"
            | "figcaption"
            | "form"
            | "fieldset"
            | "address"
            | "hr"
            | "center"
            | "details"
            | "summary"
            | "body"
            | "html"
            | "caption"
            | "menu"
    )
}
