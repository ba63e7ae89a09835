import Hummingbird

/// Refuses what a read-only API never needs: very long URLs (414), request bodies (413 above
/// the limit), and methods other than GET, HEAD and OPTIONS (405), except the POST of
/// computations (`/analytics/routes`: the parameters are a JSON body; its plan is stored as a route).
struct RequestLimitsMiddleware<Context: RequestContext>: RouterMiddleware {
    let configuration: ServerConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.string.utf8.count <= configuration.maximumURILength else {
            throw Problem(
                status: .uriTooLong, title: "URI too long",
                detail: "the request target has \(request.uri.string.utf8.count) bytes; the limit is \(configuration.maximumURILength)")
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > configuration.maximumBodySize {
            throw Problem(
                status: .contentTooLarge, title: "Body too large",
                detail: "the request body has \(length) bytes; the limit is \(configuration.maximumBodySize)")
        }
        let computes = request.method == .post && Self.computingPaths.contains(request.uri.path)
        guard [.get, .head, .options].contains(request.method) || computes else {
            // Says what the path takes, and where the one computation that is posted lives.
            throw Problem(
                status: .methodNotAllowed, title: "Method not allowed",
                detail: "\(request.method) is not allowed on \(request.uri.path): it takes GET, HEAD and OPTIONS; "
                    + "the only POST is /analytics/routes (a route plan)")
        }
        return try await next(request, context)
    }

    static var computingPaths: Set<String> { ["/analytics/routes"] }
}
