//! Extraction evaluation: predicted main text vs annotated bodies (token-shingle F1).
