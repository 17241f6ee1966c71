//! Templates for the three line-structured seeds: an aggregator-like news site (SKN-style,
//! title prefix, comments, "Don't Miss", "Related Articles"), a repost site (Wordupnews-style,
//! ad slots, figure captions, "Continue Reading", comment form, copyright footer) and a plain
//! blog page without title or publisher metadata.

use super::markup::{self, esc, nav, share, slug, Head};
use super::seeds::{self, lines, teasers};

/// Renders an aggregator-style page: "<Site> | <Headline>" title line, comments, teasers.
pub fn aggregator(text: &str) -> Option<String> {
    let ls = lines(text);
    let title_idx = ls.iter().skip(1).position(|l| ls[0].ends_with(l))? + 1;
    let full_title = ls[title_idx];
    let (site, title) = full_title.split_once(" | ")?;
    let category = ls
        .get(1)
        .copied()
        .filter(|_| title_idx > 1)
        .unwrap_or("News");
    let mut i = title_idx + 1;
    while ls.get(i) == Some(&"Share") {
        i += 1;
    }
    let body_start = i;
    let is_count = |l: &str| {
        let mut w = l.split_whitespace();
        w.next()
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
            && w.next().is_some_and(|c| c.starts_with("Comment"))
    };
    while i < ls.len() && ls[i] != "Share" && !is_count(ls[i]) {
        i += 1;
    }
    let body = seeds::blocks(&ls[body_start..i]);
    let rest = &ls[i..];
    let count = rest
        .iter()
        .find(|l| is_count(l))
        .copied()
        .unwrap_or("0 Comments");
    let reply = rest
        .iter()
        .find(|l| l.starts_with("Leave a Reply"))
        .copied();
    let commenter = reply.and_then(|r| seeds::between(r, "Leave a Reply to ", &[" Cancel"]));
    let notice = rest
        .iter()
        .find(|l| l.starts_with("Your email"))
        .copied()
        .unwrap_or("");
    let labels = ["Don't Miss", "Related Articles"];
    let section = |label: &str| {
        rest.iter()
            .position(|l| *l == label)
            .map(|p| teasers(&rest[p + 1..], &labels))
            .unwrap_or_default()
    };
    let canonical = format!("https://{}.example/{}/", slug(site), slug(title));
    let mut o = markup::head(&Head {
        title: Some(full_title),
        title_tag: Some(full_title.to_string()),
        canonical: Some(&canonical),
        site_name: Some(site),
        section: Some(category),
        lang: "en-US",
        ld_type: "NewsArticle",
        ..Head::default()
    });
    o.push_str("<body class=\"single single-post\">\n<div id=\"page\" class=\"site\">\n<header id=\"masthead\" class=\"site-header\">\n");
    o.push_str(&format!(
        "<div class=\"site-branding\"><a href=\"/\" rel=\"home\">{}</a></div>\n",
        esc(site)
    ));
    o.push_str(&nav(
        "main-navigation",
        &["Home", "Finance", "Crypto", "Markets", "Tech", "Opinion"],
    ));
    o.push_str(
        "</header>\n<div id=\"content\" class=\"site-content\"><div class=\"td-container\">\n",
    );
    o.push_str(&format!(
        "<div class=\"breadcrumbs\"><a href=\"/\">Home</a> <a href=\"/{}/\">{}</a> <span>{}</span></div>\n",
        slug(category),
        esc(category),
        esc(full_title)
    ));
    o.push_str("<article class=\"post type-post\">\n<div class=\"td-post-header\">\n");
    o.push_str(&format!(
        "<ul class=\"td-category\"><li><a href=\"/{}/\">{}</a></li></ul>\n",
        slug(category),
        esc(category)
    ));
    o.push_str(&format!(
        "<h1 class=\"entry-title\">{}</h1>\n",
        esc(full_title)
    ));
    o.push_str("</div>\n");
    o.push_str(&share("td-post-sharing td-post-sharing-top"));
    o.push_str("<div class=\"td-post-content tagdiv-type\">\n");
    o.push_str(&markup::blocks(&body, "", "wp-block-image"));
    o.push_str("</div>\n");
    o.push_str(&share("td-post-sharing-bottom"));
    o.push_str("</article>\n");
    o.push_str(&format!(
        "<div class=\"comments\" id=\"comments\"><h4 class=\"block-title\"><span>{}</span></h4>\n",
        esc(count)
    ));
    if let Some(c) = commenter {
        o.push_str(&format!("<ol class=\"comment-list\"><li class=\"comment\"><div class=\"comment-meta\"><cite>{}</cite></div><div class=\"comment-content\"><p>&#8230;</p></div><a class=\"comment-reply-link\" href=\"#respond\">Reply</a></li></ol>\n", esc(c)));
    }
    o.push_str(&format!("<div id=\"respond\" class=\"comment-respond\"><h3 class=\"comment-reply-title\">{}</h3><form class=\"comment-form\"><p class=\"comment-notes\">{}</p><label>Comment</label><textarea name=\"comment\"></textarea><label>Name*</label><input name=\"author\"><label>Email*</label><input name=\"email\"><input type=\"submit\" value=\"Post Comment\"></form></div></div>\n", esc(reply.unwrap_or("Leave a Reply")), esc(notice)));
    for (label, class) in [
        ("Don't Miss", "td_block_dont_miss"),
        ("Related Articles", "td-related-row"),
    ] {
        let ts = section(label);
        if ts.is_empty() {
            continue;
        }
        o.push_str(&format!("<div class=\"td_block_wrap {class}\"><h4 class=\"td-block-title\"><span>{}</span></h4>\n", esc(label)));
        for t in ts {
            o.push_str(&format!("<div class=\"td_module_wrap\"><h3 class=\"entry-title td-module-title\"><a href=\"/{}/\">{}</a></h3><div class=\"td-excerpt\">{}</div></div>\n", slug(&t.title), esc(&t.title), esc(&t.text)));
        }
        o.push_str("</div>\n");
    }
    o.push_str("</div></div>\n<footer class=\"td-footer-wrapper\"><div class=\"footer-text\">About us · Contact · Privacy</div></footer>\n</div>\n</body>\n</html>\n");
    Some(o)
}

/// Renders a repost site's page: ads between paragraphs, captions, comment form, copyright.
pub fn repost(text: &str) -> Option<String> {
    let ls = lines(text);
    let title_idx = (0..ls.len()).find(|&i| ls[i + 1..].contains(&ls[i]))?;
    let title = ls[title_idx];
    let second = ls[title_idx + 1..].iter().position(|l| *l == title)? + title_idx + 1;
    let category = if title_idx > 0 {
        ls[title_idx - 1]
    } else {
        "News"
    };
    let top = if title_idx > 1 { ls[0] } else { "Follow us" };
    let end = ls
        .iter()
        .position(|l| *l == "Continue Reading")
        .unwrap_or(ls.len());
    let body = seeds::blocks(&ls[second + 1..end]);
    let tail = &ls[end.min(ls.len())..];
    let copyright = tail
        .iter()
        .find(|l| l.starts_with("Copyright"))
        .copied()
        .unwrap_or("");
    let site = copyright
        .split_whitespace()
        .last()
        .map(|d| d.split('.').next().unwrap_or(d))
        .unwrap_or("News");
    let notice = tail
        .iter()
        .find(|l| l.starts_with("Your email"))
        .copied()
        .unwrap_or("");
    let published_label = ls.get(title_idx + 1).copied().unwrap_or("Published");
    let canonical = format!("https://{}.example/{}/", slug(site), slug(title));
    let mut o = markup::head(&Head {
        title: Some(title),
        title_tag: Some(format!("{title} - {site}")),
        canonical: Some(&canonical),
        site_name: Some(site),
        section: Some(category),
        lang: "en",
        ld_type: "Article",
        ..Head::default()
    });
    let ad = "<div class=\"jnews_inline_ads\"><div class=\"ads-wrapper\"><span class=\"ads-text\">Advertisement</span><ins class=\"adsbygoogle\"></ins></div></div>\n";
    o.push_str("<body class=\"jeg_single_tpl_1\">\n<div class=\"jeg_viewport\">\n");
    o.push_str(&format!("<div class=\"jeg_topbar\"><div class=\"jeg_social_icon_block\"><span>{}</span><a href=\"#\">Facebook</a><a href=\"#\">X</a><a href=\"#\">Instagram</a></div></div>\n", esc(top)));
    o.push_str(&format!(
        "<div class=\"jeg_header\"><div class=\"jeg_logo\"><a href=\"/\">{}</a></div>",
        esc(site)
    ));
    o.push_str(&nav(
        "jeg_main_menu",
        &["Home", "Crypto", "Business", "Tech", "World", "Contact"],
    ));
    o.push_str("</div>\n<div class=\"jeg_main\"><div class=\"jeg_container\"><div class=\"row\">\n<div class=\"jeg_main_content col-md-8\"><div class=\"jeg_inner_content\">\n");
    o.push_str(&format!(
        "<div class=\"jeg_meta_category\"><a href=\"/category/{}/\">{}</a></div>\n",
        slug(category),
        esc(category)
    ));
    o.push_str(&format!("<div class=\"entry-header\"><h1 class=\"jeg_post_title\">{}</h1>\n<div class=\"jeg_meta_container\"><div class=\"jeg_post_meta\"><span class=\"meta_label\">{}</span> <span class=\"jeg_meta_date\">on</span></div></div></div>\n", esc(title), esc(published_label)));
    o.push_str(&format!(
        "<div class=\"jeg_featured featured_image\"><img src=\"/img/{}.jpg\" alt=\"{}\"></div>\n",
        slug(title),
        esc(title)
    ));
    o.push_str("<div class=\"entry-content no-share\"><div class=\"content-inner\">\n");
    o.push_str(&format!(
        "<p class=\"repost-lead\"><strong>{}</strong></p>\n",
        esc(title)
    ));
    o.push_str(&markup::blocks(&body, ad, "wp-caption aligncenter"));
    o.push_str("</div></div>\n");
    o.push_str("<div class=\"jeg_post_tags\"></div>\n<div class=\"jeg_prevnext_post\"><a class=\"continue-reading\" href=\"#\">Continue Reading</a></div>\n");
    o.push_str(ad);
    o.push_str(&format!("<div class=\"jeg_comments\"><a href=\"#respond\" class=\"comment-toggle\">Click to comment</a><div id=\"respond\" class=\"comment-respond\"><h3 class=\"comment-reply-title\">Leave a Reply</h3><form class=\"comment-form\"><p class=\"comment-notes\">{}</p><textarea></textarea><input type=\"submit\" value=\"Post Comment\"></form></div></div>\n", esc(notice)));
    o.push_str("</div></div>\n<div class=\"jeg_sidebar col-md-4\"><div class=\"widget widget_recent_entries\"><h3 class=\"widget-title\">Trending</h3><ul><li><a href=\"/\">Markets wrap</a></li><li><a href=\"/\">Crypto briefing</a></li></ul></div></div>\n");
    o.push_str(&format!("</div></div></div>\n<div class=\"footer_bottom\"><p class=\"copyright\">{}</p></div>\n</div>\n</body>\n</html>\n", esc(copyright)));
    Some(o)
}

/// Renders a plain blog page: no title element, no publisher metadata.
pub fn blog(text: &str) -> String {
    let mut o = String::from("<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body>\n");
    o.push_str("<div id=\"wrap\">\n<div id=\"top\"><a href=\"/\">home</a> | <a href=\"/archive\">archive</a> | <a href=\"/about\">about</a></div>\n<div id=\"main\">\n<div class=\"entry\">\n");
    for l in lines(text) {
        o.push_str(&format!("<p>{}</p>\n", esc(l)));
    }
    o.push_str("</div>\n<div class=\"entry-footer\"><a href=\"#\">permalink</a> · <a href=\"#\">2 notes</a></div>\n</div>\n");
    o.push_str("<div id=\"side\"><h4>Archive</h4><ul><li><a href=\"/2025/12\">December</a></li><li><a href=\"/2025/11\">November</a></li></ul><h4>Elsewhere</h4><ul><li><a href=\"#\">RSS</a></li></ul></div>\n");
    o.push_str(
        "<div id=\"bottom\">Powered by a static site generator.</div>\n</div>\n</body>\n</html>\n",
    );
    o
}
