//! Tests of this noun (being written).
