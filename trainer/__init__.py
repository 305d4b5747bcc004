"""trainer: an offline training and interview simulator for e-commerce customer-support staff."""

__version__ = "0.1.0"
