"""FinSync's benchmarks: `make bench`. Each figure comes with a baseline measured in the same run."""
