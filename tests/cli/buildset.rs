//! Tests of bb buildset (being written).
