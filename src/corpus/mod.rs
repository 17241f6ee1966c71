//! The sample corpus: renders the seed articles (read at run time from a seeds folder, never
//! committed) into realistic publisher pages with our own templates, for the quick start and
//! the tests.
