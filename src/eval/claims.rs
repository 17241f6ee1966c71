//! Claims evaluation: extracted claims and sources vs a gold file (seeds-gold.json format).
