//! Tests of bb request (being written).
