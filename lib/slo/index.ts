// Public API of the slo domain.
export {};
