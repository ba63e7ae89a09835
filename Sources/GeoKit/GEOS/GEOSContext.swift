import CGEOS

/// One GEOS reentrant context: the thread-confinement unit of the bridge.
///
/// GEOS contexts are not thread-safe, and every geometry belongs to the context that made it.
/// So the class is deliberately not `Sendable`: create one per thread or per operation (creation
/// is cheap) and keep every geometry, prepared geometry and tree made from it on that thread.
/// The context also remembers the last error and notice GEOS reported, because the C API only
/// returns NULL and tells the reason to a callback.
public final class GEOSContext {
    /// The linked GEOS release, e.g. `3.11.1-CAPI-1.17.1`: what `--version` names.
    public static var libraryVersion: String { String(cString: GEOSversion()) }

    /// The raw handle; internal so that no raw pointer leaks out of GeoKit.
    let handle: GEOSContextHandle_t

    /// The last message GEOS passed to the error handler, if any since the last `clearMessages()`.
    public private(set) var lastErrorMessage: String?
    /// The last message GEOS passed to the notice handler (GEOS uses notices for non-fatal
    /// diagnostics, such as why a geometry is invalid).
    public private(set) var lastNoticeMessage: String?

    private var cachedWKBReader: OpaquePointer?
    private var cachedWKBWriter: OpaquePointer?

    /// Creates a context with error and notice handlers that record into this object.
    ///
    /// Throws only if GEOS cannot allocate a context, which in practice means out of memory.
    public init() throws {
        guard let handle = GEOS_init_r() else {
            throw GEOSError.operationFailed(operation: "GEOS_init_r", message: "could not create a GEOS context")
        }
        self.handle = handle
        // Unretained: the handle never outlives `self` (it is finished in deinit), so the
        // userdata pointer is valid whenever GEOS can call back.
        let userdata = Unmanaged.passUnretained(self).toOpaque()
        // Non-capturing closures: they become plain C function pointers and reach the context
        // only through `userdata`.
        _ = GEOSContext_setErrorMessageHandler_r(handle, { message, userdata in
            guard let userdata else { return }
            let context = Unmanaged<GEOSContext>.fromOpaque(userdata).takeUnretainedValue()
            context.lastErrorMessage = message.map { String(cString: $0) } ?? "unknown GEOS error"
        }, userdata)
        _ = GEOSContext_setNoticeMessageHandler_r(handle, { message, userdata in
            guard let userdata else { return }
            let context = Unmanaged<GEOSContext>.fromOpaque(userdata).takeUnretainedValue()
            context.lastNoticeMessage = message.map { String(cString: $0) }
        }, userdata)
    }

    deinit {
        if let reader = cachedWKBReader { GEOSWKBReader_destroy_r(handle, reader) }
        if let writer = cachedWKBWriter { GEOSWKBWriter_destroy_r(handle, writer) }
        // Detach the handlers first so nothing can call back into a deallocating object.
        _ = GEOSContext_setErrorMessageHandler_r(handle, nil, nil)
        _ = GEOSContext_setNoticeMessageHandler_r(handle, nil, nil)
        GEOS_finish_r(handle)
    }

    /// Forgets the recorded messages, so the next failure is not blamed on an old one.
    public func clearMessages() {
        lastErrorMessage = nil
        lastNoticeMessage = nil
    }

    /// The error a failed call should throw: the GEOS message when there is one.
    func failure(_ operation: String) -> GEOSError {
        .operationFailed(operation: operation, message: lastErrorMessage ?? "GEOS reported no message")
    }

    /// Runs a GEOS call that returns NULL on failure, turning NULL into a thrown `GEOSError`.
    func check<T>(_ operation: String, _ body: (GEOSContextHandle_t) -> T?) throws -> T {
        lastErrorMessage = nil
        guard let result = body(handle) else { throw failure(operation) }
        return result
    }

    /// Runs a GEOS predicate (1 true, 0 false, 2 exception).
    func predicate(_ operation: String, _ body: (GEOSContextHandle_t) -> CChar) throws -> Bool {
        lastErrorMessage = nil
        switch body(handle) {
        case 1: return true
        case 0: return false
        default: throw failure(operation)
        }
    }

    /// Runs a GEOS call that returns an `int` status (0 on exception) and an out-parameter.
    func measure(_ operation: String, _ body: (GEOSContextHandle_t, UnsafeMutablePointer<Double>) -> Int32) throws -> Double {
        lastErrorMessage = nil
        var value = 0.0
        guard body(handle, &value) != 0 else { throw failure(operation) }
        return value
    }

    /// The context's WKB reader, created on first use and reused: bulk loads read many blobs.
    func wkbReader() throws -> OpaquePointer {
        if let reader = cachedWKBReader { return reader }
        let reader = try check("GEOSWKBReader_create_r") { GEOSWKBReader_create_r($0) }
        cachedWKBReader = reader
        return reader
    }

    /// The context's WKB writer: 2D, little-endian, no SRID, so output is plain OGC WKB that
    /// SpatiaLite's `GeomFromWKB` and PostGIS's `ST_GeomFromWKB` both read.
    func wkbWriter() throws -> OpaquePointer {
        if let writer = cachedWKBWriter { return writer }
        let writer = try check("GEOSWKBWriter_create_r") { GEOSWKBWriter_create_r($0) }
        GEOSWKBWriter_setOutputDimension_r(handle, writer, 2)
        GEOSWKBWriter_setByteOrder_r(handle, writer, Int32(GEOS_WKB_NDR.rawValue))
        GEOSWKBWriter_setIncludeSRID_r(handle, writer, 0)
        cachedWKBWriter = writer
        return writer
    }
}

@available(*, unavailable, message: "GEOS contexts are not thread-safe: create one per thread or per operation")
extension GEOSContext: Sendable {}
