//! Tests of bb changesource and bb change (being written).
