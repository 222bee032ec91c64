// Public API of the pipeline domain.
export {};
