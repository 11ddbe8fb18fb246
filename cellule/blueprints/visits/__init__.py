"""Learning visits (visites apprenantes): a host PTCE welcomes members, partners and other regions."""
