import CompressNIO
import Hummingbird

/// gzip for clients that accept it, on text-like responses (JSON, GeoJSON, CSV, HTML, scripts).
///
/// Compresses as the body streams, chunk by chunk, so a full export stays streamed. Level 1:
/// GeoJSON shrinks about 5× even so, and the CPU goes to answering more requests.
struct CompressionMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard Self.acceptsGzip(request.headers[.acceptEncoding]),
            response.headers[.contentEncoding] == nil,
            let type = response.headers[.contentType], compressibleTypes.contains(where: { type.contains($0) }),
            response.body.contentLength.map({ $0 > 1024 }) ?? true
        else { return response }
        response.headers[.contentEncoding] = "gzip"
        response.headers[.contentLength] = nil
        response.headers[values: .vary].append("Accept-Encoding")
        let body = response.body
        response.body = ResponseBody { writer in
            try await body.write(try GzipBodyWriter(writer))
        }
        return response
    }

    /// Whether `Accept-Encoding` lists gzip (or `*`) with a non-zero quality.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        for item in header.lowercased().split(separator: ",") {
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let coding = parts.first, coding == "gzip" || coding == "*" else { continue }
            let quality = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if quality > 0 { return true }
        }
        return false
    }
}

/// Content types worth compressing (substrings of `Content-Type`).
private let compressibleTypes = ["json", "text/", "javascript", "csv", "xml", "svg"]

/// A body writer that gzips what passes through it.
private struct GzipBodyWriter: ResponseBodyWriter {
    var inner: any ResponseBodyWriter
    let compressor: any NIOCompressor

    init(_ inner: any ResponseBodyWriter) throws {
        self.inner = inner
        compressor = CompressionAlgorithm.gzip(configuration: ZlibConfiguration(compressionLevel: .fastestCompression)).compressor
        try compressor.startStream()
    }

    mutating func write(_ buffer: ByteBuffer) async throws {
        var input = buffer
        var output = ByteBufferAllocator().buffer(capacity: compressor.maxSize(from: input))
        try compressor.streamDeflate(from: &input, to: &output, flush: .no)
        if output.readableBytes > 0 { try await inner.write(output) }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {
        // zlib fills the buffer and reports an overflow when more remains: send and go on.
        while true {
            var output = ByteBufferAllocator().buffer(capacity: 1 << 16)
            do {
                try compressor.finishDeflate(to: &output)
                if output.readableBytes > 0 { try await inner.write(output) }
                break
            } catch let error as CompressNIOError where error == .bufferOverflow {
                try await inner.write(output)
            }
        }
        try compressor.finishStream()
        try await inner.finish(trailingHeaders)
    }
}
