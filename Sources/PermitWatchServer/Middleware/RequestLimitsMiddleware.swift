import Hummingbird

/// Refuses what the API never needs: very long URLs (414), request bodies (413 above the
/// limit: an upload's own, larger), and methods other than GET, HEAD and OPTIONS (405), except
/// the writes it takes: a computation (`POST /analytics/routes`: the parameters are a JSON
/// body; its plan is stored as a route), the field writes (`POST /sources`,
/// `PATCH /sources/{id}`, `POST /sources/{id}/inspections`) and the snapshot upload
/// (`POST /ingest/sources`).
struct RequestLimitsMiddleware<Context: RequestContext>: RouterMiddleware {
    let configuration: ServerConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.string.utf8.count <= configuration.maximumURILength else {
            throw Problem(
                status: .uriTooLong, title: "URI too long",
                detail: "the request target has \(request.uri.string.utf8.count) bytes; the limit is \(configuration.maximumURILength)")
        }
        let path = request.uri.path
        let limit = path == Self.uploadPath ? configuration.maximumUploadSize : configuration.maximumBodySize
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw Problem(
                status: .contentTooLarge, title: "Body too large",
                detail: "the request body has \(length) bytes; the limit is \(limit)")
        }
        guard [.get, .head, .options].contains(request.method) || Self.takes(request.method, path) else {
            // Says what the path takes, and where the writes live.
            throw Problem(
                status: .methodNotAllowed, title: "Method not allowed",
                detail: "\(request.method) is not allowed on \(path): it takes GET, HEAD and OPTIONS; the writes are "
                    + "POST /analytics/routes (a route plan), POST /sources (a source found), PATCH /sources/{id} (a status change), "
                    + "POST /sources/{id}/inspections (an inspection) and POST /ingest/sources (a snapshot)")
        }
        return try await next(request, context)
    }

    static var computingPaths: Set<String> { ["/analytics/routes"] }
    static var uploadPath: String { "/ingest/sources" }

    /// Whether `method` is one of the writes `path` takes.
    static func takes(_ method: HTTPRequest.Method, _ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        let source = parts.count >= 3 && parts[0].isEmpty && parts[1] == "sources" && !parts[2].isEmpty
        switch method {
        case .post:
            return computingPaths.contains(path) || path == uploadPath || path == "/sources"
                || (source && parts.count == 4 && parts[3] == "inspections")
        case .patch:
            return source && parts.count == 3
        default:
            return false
        }
    }
}
