"""The PTCE directory and the regions it is organised by."""
