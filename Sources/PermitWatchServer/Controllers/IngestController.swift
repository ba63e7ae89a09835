import Crypto
import Foundation
import GeoKit
import Hummingbird
import PermitWatch
import Store

/// `POST /ingest/sources?as_of=DATE`: a bureau's weekly snapshot, a CSV body, loaded as
/// `permitwatch ingest sources FILE --as-of DATE` loads it (`SnapshotUpload`). An admin's token.
///
/// The body is streamed to a file in `ServerConfiguration.uploadDirectory` as it arrives
/// (hashed on the way, for `Idempotency-Key`), never held in memory; the file is deleted once
/// loaded or refused. The load runs on the writing thread, so field writes wait behind it and
/// readers go on reading the snapshot before it until it commits.
struct IngestController: Sendable {
    let dependencies: ServerDependencies

    func addRoutes(to group: RouterGroup<PermitWatchRequestContext>) {
        group.group().add(middleware: AccessProblem.requiring(.admin)).post("sources", use: upload)
    }

    @Sendable func upload(_ request: Request, context: PermitWatchRequestContext) async throws -> Response {
        let writer = try dependencies.requireWriter()
        let identity = try context.requireIdentity()
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        let directory = dependencies.configuration.uploadDirectory ?? FileManager.default.temporaryDirectory.path
        let name = "permitwatch-upload-\(UUID().uuidString)"
        let path = URL(fileURLWithPath: directory).appendingPathComponent(name + ".csv").path
        let rejects = URL(fileURLWithPath: directory).appendingPathComponent(name + ".rejects.csv").path
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: rejects)
        }
        // The parameters are checked before the body is read: a wrong date costs no upload.
        let options = try SnapshotUpload.options(query, rejectsFile: rejects)
        let hash = try await Self.store(request.body, at: path, limit: dependencies.configuration.maximumUploadSize)
        let key = request.headers[FieldWritesController.idempotencyKey]
        let logger = context.logger
        let outcome = try await dependencies.workers.run(.write) {
            try SnapshotUpload(store: writer, logger: logger).load(
                path, options: options, author: identity.name, idempotencyKey: key, contentHash: hash
            ) { report in
                StoredReply(status: 200, contentType: "application/json", body: Self.reply(report, rejects: rejects))
            }
        }
        return try FieldWritesController.response(outcome, location: "", what: "upload")
    }

    /// Writes the body to `path` as it arrives; returns its SHA-256. More than `limit` bytes
    /// (a body sent without Content-Length) is refused with 413.
    static func store(_ body: RequestBody, at path: String, limit: Int) async throws -> String {
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw Problem(status: .internalServerError, title: "Upload failed", detail: "the server could not write the upload to its directory")
        }
        defer { try? file.close() }
        var hasher = SHA256()
        var size = 0
        for try await buffer in body {
            size += buffer.readableBytes
            guard size <= limit else {
                throw Problem(status: .contentTooLarge, title: "Body too large", detail: "the upload has more than \(limit) bytes, the limit")
            }
            buffer.withUnsafeReadableBytes { bytes in
                hasher.update(bufferPointer: bytes)
                file.write(Data(bytes))
            }
        }
        guard size > 0 else { throw ParameterError("body", nil, "the upload is empty; expected the snapshot as CSV, a header line and one row per source") }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// What the load did, as the command prints it, and the rejected rows (`on_error=skip`).
    static func reply(_ report: SourceIngest.Report, rejects: String) -> [UInt8] {
        var fields: [(String, JSONValue)] = [
            ("rows", .number(Double(report.rows))), ("loaded", .number(Double(report.loaded))), ("rejected", .number(Double(report.rejected))),
            ("added", .number(Double(report.added))), ("updated", .number(Double(report.updated))),
            ("unchanged", .number(Double(report.unchanged))), ("removed", .number(Double(report.removed))),
            ("events", .number(Double(report.events))), ("encoding", .string(report.encoding)),
            ("kept_columns", .array(report.attributeColumns.map { .string($0) })),
            ("warnings", .array(report.warnings.map { .string($0) })),
            ("assignment", .string(report.assignment.description)),
        ]
        if let summary = report.rejectedSummary { fields.append(("rejected_summary", .string(summary))) }
        if report.rejected > 0, let text = try? String(contentsOfFile: rejects, encoding: .utf8) {
            fields.append(("rejected_rows_csv", .string(text)))
        }
        var writer = GeoJSONWriter()
        writer.writeJSON(.object(JSONObject(fields)))
        return Array(writer.text.utf8)
    }
}
