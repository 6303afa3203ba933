"""Cards to simulated samples: cards, simulation, shipped samples, comparison samples."""
