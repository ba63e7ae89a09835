import Enforcement
import Foundation
import GeoKit
import Logging
import Store

/// A bureau's weekly snapshot uploaded over HTTP (`POST /ingest/sources?as_of=DATE`): the CSV,
/// already streamed to a file by the server, loaded by `SourceIngest` exactly as
/// `permitwatch ingest sources FILE --as-of DATE` would load it (the same checks, the same
/// messages, one transaction), logged with its author; once per `Idempotency-Key`.
///
/// The query string takes the command's flags by their snake-case names (`on_error=skip`,
/// `id_field=编号`, `default_status=unlicensed`, …); the rejected rows of `on_error=skip` come
/// back in the reply rather than in a file beside the input.
public struct SnapshotUpload: Sendable {
    public typealias Storage = SourceIngest.Storage & FieldRecordStore

    /// The parameters the upload takes, each the flag of `ingest sources` of the same name.
    public static let parameters: [String] = [
        "as_of", "on_error", "max_errors", "keep_columns", "default_status", "crs", "id_field", "name_field", "lon_field",
        "lat_field", "status_field", "category_field", "industry_field", "uscc_field", "deadline_field", "status_date_field",
        "declared_area_field",
    ]

    let store: any Storage
    let logger: Logger

    public init(store: any Storage, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// The ingest's options from the query string, checked; `as_of` is required.
    ///
    /// - Parameter rejectsFile: where `on_error=skip` writes the rejected rows (the server's
    ///   temporary directory), to be read back into the reply.
    public static func options(_ query: [String: String], today: String = DateText.today(), rejectsFile: String) throws -> SourceIngest.Options {
        for name in query.keys.sorted() where !parameters.contains(name) {
            throw ParameterError(name, query[name], "not a parameter of an upload; expected \(parameters.joined(separator: ", "))")
        }
        var options = SourceIngest.Options()
        guard let asOf = query["as_of"] else {
            throw ParameterError("as_of", nil, "the snapshot's date is required, YYYY-MM-DD: sources it no longer lists are marked removed on it")
        }
        guard let day = DateText.normalize(asOf), DateText.isValidDay(day) else { throw ParameterError("as_of", asOf, "expected a date YYYY-MM-DD") }
        guard day <= today else { throw ParameterError("as_of", asOf, "a snapshot cannot be dated after today (\(today))") }
        options.asOf = day
        if let text = query["default_status"] {
            guard let status = SourceStatus(parsing: text) else {
                throw ParameterError("default_status", text, "expected one of \(SourceStatus.acceptedSpellings)")
            }
            options.defaultStatus = status
        }
        if let text = query["crs"] {
            guard let crs = CoordinateSystem(parsing: text) else {
                throw ParameterError("crs", text, "expected wgs84, cgcs2000, gcj02, bd09 or epsg:N")
            }
            options.crs = crs
        }
        var maxErrors: Int?
        if let text = query["max_errors"] {
            guard let value = Int(text) else { throw ParameterError("max_errors", text, "expected a whole number of rows from 0") }
            maxErrors = value
        }
        options.idField = query["id_field"]
        options.nameField = query["name_field"]
        options.lonField = query["lon_field"]
        options.latField = query["lat_field"]
        options.statusField = query["status_field"]
        options.categoryField = query["category_field"]
        options.industryField = query["industry_field"]
        options.usccField = query["uscc_field"]
        options.deadlineField = query["deadline_field"]
        options.statusDateField = query["status_date_field"]
        options.declaredAreaField = query["declared_area_field"]
        let skipping = query["on_error"]?.lowercased() == "skip"
        try options.parse(onError: query["on_error"], maxErrors: maxErrors, rejects: skipping ? rejectsFile : nil, keepColumns: query["keep_columns"])
        return options
    }

    /// Loads the uploaded file `path` as `author`.
    ///
    /// - Parameters:
    ///   - contentHash: a hash of the file's bytes: with the options, what tells a retry from
    ///     another upload under the same `idempotencyKey`.
    ///   - reply: the answer to keep with the load (the server's JSON body).
    /// - Throws: `RejectedInput` with the file's problems (nothing written), `ParameterError`.
    public func load(
        _ path: String, options: SourceIngest.Options, author: String, idempotencyKey: String?, contentHash: String,
        reply: (SourceIngest.Report) throws -> StoredReply
    ) throws -> FieldRecording {
        var options = options
        options.author = author
        let fingerprint = [
            contentHash, options.asOf, options.onError.rawValue, options.maxErrors.map(String.init), options.keepColumns ? "all" : "none",
            options.defaultStatus?.rawValue, options.crs?.description,
        ] + options.fieldFlags.map(\.1)
        let idempotency = try FieldWriteRules.idempotency(idempotencyKey, request: fingerprint)
        // An upload is its own transaction (a bulk load): a retry is answered before it runs, and
        // the reply is kept after it commits. A retry that arrives in between loads the same
        // snapshot again, which changes nothing (`SnapshotMerge`: the same snapshot twice
        // yields no events).
        if let idempotency, let earlier = try store.earlierReply(to: idempotency, author: author) {
            return earlier
        }
        let report: SourceIngest.Report
        do {
            report = try SourceIngest(database: store, logger: logger).run(file: path, options: options)
        } catch var rejected as RejectedInput {
            // The client knows its file as the upload, not by the server's name for it.
            for k in rejected.problems.indices where rejected.problems[k].file == path { rejected.problems[k].file = "upload" }
            throw rejected
        }
        let answer = try reply(report)
        if let idempotency {
            try store.keepReply(answer, to: idempotency, author: author, ingestFile: path)
        }
        return .recorded(answer)
    }
}
