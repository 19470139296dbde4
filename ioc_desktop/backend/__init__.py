"""The IOC backend as the client sees it: the contract's data and a client that speaks it."""
