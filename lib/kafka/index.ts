// Public API of the kafka domain.
export {};
