import Hummingbird

/// Refuses what the API never needs: very long URLs (414), request bodies (413 above the
/// limit), and methods other than GET, HEAD and OPTIONS (405), except the POSTs it takes: a
/// computation (`/analytics/routes`: the parameters are a JSON body; its plan is stored as a
/// route) and the field writes (`/sources/{id}/inspections`).
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
        let posts = request.method == .post && Self.takesPost(request.uri.path)
        guard [.get, .head, .options].contains(request.method) || posts else {
            // Says what the path takes, and where the POSTs live.
            throw Problem(
                status: .methodNotAllowed, title: "Method not allowed",
                detail: "\(request.method) is not allowed on \(request.uri.path): it takes GET, HEAD and OPTIONS; "
                    + "the only POSTs are /analytics/routes (a route plan) and /sources/{id}/inspections (an inspection)")
        }
        return try await next(request, context)
    }

    static var computingPaths: Set<String> { ["/analytics/routes"] }

    /// `/analytics/routes`, or `/sources/ID/inspections`.
    static func takesPost(_ path: String) -> Bool {
        if computingPaths.contains(path) { return true }
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0].isEmpty && parts[1] == "sources" && !parts[2].isEmpty && parts[3] == "inspections"
    }
}
