import Foundation
import NIOCore
import Store

extension PostGISDatabase {
    /// The SpatiaLite store's field writes, on PostgreSQL: writers from every process are
    /// serialized by the generation's row lock (`write`), taken first, so the checks below
    /// (a source's latest status date, a new row's number) see every earlier write.
    public func recordFieldWrite(
        _ write: FieldWrite, author: String, request: String, idempotency: IdempotentRequest?,
        reply: (FieldReceipt) throws -> StoredReply
    ) throws -> FieldRecording {
        // A retry is answered from a read: it writes nothing, so the generation stays.
        if let idempotency, let earlier = try read({ db in try Self.earlierReply(idempotency, author: author, in: db) }) {
            return earlier
        }
        return try self.write(listingSourceChanges: true) { db in
            // Again inside the write: two retries racing each other record once.
            if let idempotency, let earlier = try Self.earlierReply(idempotency, author: author, in: db) {
                return earlier
            }
            let events = write.events
            let ingest = try db.value(
                Int64.self, "INSERT INTO ingests (kind, file, rows, warnings, events, author) VALUES ('field', $1, $2, 0, $3, $4) RETURNING id",
                [.text(request), .integer(events.count), .integer(events.count), .text(author)]) ?? 0
            var receipt = FieldReceipt(ingestID: ingest, sourceID: events.first?.event.sourceID ?? "")
            var written = events
            switch write {
            case .events:
                for id in Set(events.map(\.event.sourceID)) {
                    guard try db.value(Bool.self, "SELECT EXISTS (SELECT 1 FROM sources WHERE source_id = $1)", [.text(id)]) == true else {
                        throw StoreError(message: "no source \(id) in the register")
                    }
                }
            case .newSource(let record, _):
                let id = try Self.insertFieldSource(record, in: db)
                receipt.sourceID = id
                written[0].event.sourceID = id
            case .statusChange(let change):
                receipt.previousStatus = try Self.changeStatus(change.event, in: db)
            }
            for field in written {
                let event = field.event
                try db.execute(
                    "INSERT INTO events (source_id, date, kind, status, deadline, ingest_id, details) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    [
                        .text(event.sourceID), .text(event.date), .text(event.kind.rawValue), .text(event.status?.rawValue), .text(event.deadline),
                        .integer(ingest), .text(field.details),
                    ])
            }
            if let first = written.map(\.event.date).min(), let last = written.map(\.event.date).max() {
                try ChangeLogs.noteEvents(first: first, last: last, in: db)
            }
            let answer = try reply(receipt)
            if let idempotency {
                try Self.keep(answer, to: idempotency, author: author, ingestID: ingest, in: db)
            }
            return .recorded(answer)
        }
    }

    public func earlierReply(to idempotency: IdempotentRequest, author: String) throws -> FieldRecording? {
        try read { db in try Self.earlierReply(idempotency, author: author, in: db) }
    }

    public func keepReply(_ reply: StoredReply, to idempotency: IdempotentRequest, author: String, ingestFile: String) throws {
        try write(listingSourceChanges: true) { db in
            guard let ingest = try db.value(Int64.self, "SELECT max(id) FROM ingests WHERE file = $1", [.text(ingestFile)]) else {
                throw StoreError(message: "no ingest of \(ingestFile) is logged")
            }
            try Self.keep(reply, to: idempotency, author: author, ingestID: ingest, in: db)
        }
    }

    private static func keep(_ reply: StoredReply, to request: IdempotentRequest, author: String, ingestID: Int64, in db: PostgresTransaction) throws {
        try db.execute("""
            INSERT INTO idempotent_requests (author, key, fingerprint, ingest_id, status, content_type, body)
            VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (author, key) DO NOTHING
            """, [
                .text(author), .text(request.key), .text(request.fingerprint), .integer(ingestID), .integer(reply.status),
                .text(reply.contentType), .blob(reply.body),
            ])
    }

    private static func earlierReply(_ request: IdempotentRequest, author: String, in db: PostgresTransaction) throws -> FieldRecording? {
        let rows = try db.rows(
            "SELECT fingerprint, status, content_type, body FROM idempotent_requests WHERE author = $1 AND key = $2",
            [.text(author), .text(request.key)]
        ) { row in
            var cells = CellReader(row)
            let fingerprint = try cells.text() ?? "", status = try cells.integer() ?? 0, contentType = try cells.text() ?? ""
            var body = try cells.bytes() ?? ByteBuffer()
            return (fingerprint, status, contentType, body.readBytes(length: body.readableBytes) ?? [])
        }
        guard let (fingerprint, status, contentType, body) = rows.first else { return nil }
        guard fingerprint == request.fingerprint else { return .keyReused }
        return .replayed(StoredReply(status: status, contentType: contentType, body: body))
    }

    /// Inserts a source found in the field; returns its id, the next `FieldSourceID` of its
    /// prefecture when it came without one.
    private static func insertFieldSource(_ record: SourceRecord, in db: PostgresTransaction) throws -> String {
        let rowid = (try db.value(Int64.self, "SELECT max(id) FROM sources") ?? 0) + 1
        var id = record.sourceID
        if id.isEmpty {
            let prefecture = record.assignment.prefectureCode
            let number = try db.value(String.self, """
                INSERT INTO settings (key, value) VALUES ($1, '1')
                ON CONFLICT (key) DO UPDATE SET value = (settings.value::bigint + 1)::text
                RETURNING value
                """, [.text(FieldSourceID.counterKey(prefecture: prefecture))]).flatMap { Int64($0) } ?? 1
            id = FieldSourceID.make(prefecture: prefecture, number: number)
        }
        if let removed = try db.value(String.self, "SELECT coalesce(removed_on, '') FROM sources WHERE source_id = $1", [.text(id)]) {
            let detail = removed.isEmpty
                ? "a source with this id is in the register already; PATCH /sources/\(id) changes its status"
                : "a source with this id was in the register until \(removed), when a snapshot no longer listed it; the next snapshot that lists it brings it back"
            throw FieldWriteConflict(field: "source_id", value: id, message: detail)
        }
        let a = record.assignment
        try db.execute("""
            INSERT INTO sources (
                id, source_id, name, uscc, industry, category, status, status_date, deadline, lon, lat, x, y,
                prefecture_code, county_code, town_code, grid_code, cell_ix, cell_iy, placement, snap_distance_m,
                location_mismatch, attributes, declared_area_code, geometry)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
                    ST_SetSRID(ST_MakePoint($10, $11), 4326))
            """, [
                .integer(rowid), .text(id), .text(record.name), .text(record.uscc), .text(record.industry), .text(record.category),
                .text(record.status.rawValue), .text(record.statusDate), .text(record.deadline), .real(record.location.x), .real(record.location.y),
                .real(record.projected.x), .real(record.projected.y), .text(a.prefectureCode), .text(a.countyCode), .text(a.townCode),
                .text(a.gridCode), .integer(a.cellX), .integer(a.cellY), .text(a.placement.rawValue), .real(a.snapDistance),
                .integer(a.locationMismatch.map { $0 ? 1 : 0 }), .text(record.attributes), .text(record.declaredAreaCode),
            ])
        try ChangeLogs.noteSource(rowid, in: db)
        return id
    }

    /// Sets the source's status from the change's event; returns the status it had.
    private static func changeStatus(_ event: EventRecord, in db: PostgresTransaction) throws -> String {
        let rows = try db.rows(
            "SELECT id, status, status_date, removed_on FROM sources WHERE source_id = $1 FOR UPDATE", [.text(event.sourceID)]
        ) { row in
            var cells = CellReader(row)
            return (Int64(try cells.integer() ?? 0), try cells.text() ?? "", try cells.text(), try cells.text())
        }
        guard let (rowid, status, statusDate, removedOn) = rows.first else {
            throw StoreError(message: "no source \(event.sourceID) in the register")
        }
        if let removedOn {
            throw FieldWriteConflict(
                field: "source_id", value: event.sourceID,
                message: "the source was removed from the register on \(removedOn), when a snapshot no longer listed it; its status cannot change")
        }
        // The replay takes the latest dated status event: an earlier date would not be the
        // source's status, so it is refused rather than recorded to no effect.
        let latestEvent = try db.value(
            String.self, #"SELECT max(date COLLATE "C") FROM events WHERE source_id = $1 AND status IS NOT NULL"#, [.text(event.sourceID)])
        if let latest = [latestEvent, statusDate].compactMap({ $0 }).max(), event.date < latest {
            throw FieldWriteConflict(
                field: "effective_date", value: event.date,
                message: "the source's status last changed on \(latest); a change must take effect on or after it")
        }
        try db.execute(
            "UPDATE sources SET status = $1, status_date = $2, deadline = $3 WHERE id = $4",
            [.text(event.status?.rawValue), .text(event.date), .text(event.deadline), .integer(rowid)])
        try ChangeLogs.noteSource(rowid, in: db)
        return status
    }
}
