package io.jbroker.store;

/** The conformance suite on the memory backend. */
class MemoryBackendTest extends BackendConformanceTest {
    @Override
    Backend create() {
        return new MemoryBackend();
    }
}
