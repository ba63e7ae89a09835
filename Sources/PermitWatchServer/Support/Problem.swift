import GeoKit
import Hummingbird

/// An RFC 7807 problem document: what every error of the API answers with.
///
/// `parameter` names the query parameter at fault, so a client (or a planner reading the
/// response in a browser) knows what to fix.
public struct Problem: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    public let title: String
    public let detail: String
    public let parameter: String?
    /// Headers the answer carries besides its type (`Retry-After` on a 503).
    public let headers: HTTPFields

    public init(status: HTTPResponse.Status, title: String, detail: String, parameter: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.title = title
        self.detail = detail
        self.parameter = parameter
        self.headers = headers
    }

    /// A 400 for a query parameter that is missing or not what it should be.
    static func badParameter(_ name: String, _ detail: String) -> Problem {
        Problem(status: .badRequest, title: "Invalid parameter", detail: detail, parameter: name)
    }

    static func notFound(_ detail: String) -> Problem {
        Problem(status: .notFound, title: "Not found", detail: detail)
    }

    var document: JSONValue {
        var members: [(String, JSONValue)] = [
            ("type", "about:blank"), ("title", .string(title)), ("status", .number(Double(status.code))), ("detail", .string(detail)),
        ]
        if let parameter { members.append(("parameter", .string(parameter))) }
        return .object(JSONObject(members))
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var writer = GeoJSONWriter()
        writer.writeJSON(document)
        writer.writeRaw("\n")
        var fields: HTTPFields = [.contentType: "application/problem+json"]
        fields.append(contentsOf: headers)
        return Response(
            status: status, headers: fields,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: writer.bytes)))
    }
}
