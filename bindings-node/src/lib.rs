//! Placeholder until the node binding issue lands.
