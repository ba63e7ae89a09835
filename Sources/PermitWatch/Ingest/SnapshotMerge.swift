import Enforcement
import Store

/// Merges an incoming list of sources into the stored register.
///
/// With a snapshot date every difference becomes a dated event: `new` for a source the register
/// did not list (or had removed), `changed` for a different status or different details, and
/// `removed` for a listed source the snapshot omits. The same snapshot twice yields no events
/// and no change. Without a date the list is merged as a baseline and no event is made.
///
/// Sources whose rows were rejected (`--on-error skip`) are `kept`: a stored one stays as it
/// was, never marked removed. When some rejected row has no readable id, any stored source
/// might be one of them, so with `holdingRemovals` the snapshot marks nothing removed.
struct SnapshotMerge {
    private(set) var records: [SourceRecord] = []
    private(set) var events: [EventRecord] = []
    private(set) var added = 0
    private(set) var updated = 0
    private(set) var unchanged = 0
    private(set) var removed = 0
    /// Stored sources the file does not list because their rows were rejected: kept as they were.
    private(set) var keptRejected = 0
    /// Stored sources the snapshot would have marked removed, but `holdingRemovals` kept.
    private(set) var removalsHeld = 0
    /// Ids of rejected rows that the file also lists in a good row (a repeated id).
    private(set) var rejectedButListed = 0

    init(stored: [SourceRecord], incoming: [SourceRecord], asOf: String?, keeping kept: Set<String> = [], holdingRemovals: Bool = false) {
        if !kept.isEmpty {
            let listed = Set(incoming.lazy.map(\.sourceID).filter { kept.contains($0) })
            rejectedButListed = listed.count
        }
        var incoming = incoming
        if !SourceRecord.areInIDOrder(incoming) {
            incoming.sort { $0.sourceID < $1.sourceID }
        }
        if stored.isEmpty {
            if let asOf {
                for i in incoming.indices where incoming[i].statusDate == nil { incoming[i].statusDate = asOf }
            }
            added = incoming.count
            records = incoming
            if let asOf {
                events = records.map {
                    EventRecord(sourceID: $0.sourceID, date: asOf, kind: .new, status: $0.status, deadline: $0.deadline)
                }
            }
            return
        }

        // Both lists are in id order: walk them together.
        records.reserveCapacity(max(stored.count, incoming.count))
        var i = 0, j = 0
        while i < stored.count || j < incoming.count {
            let old = i < stored.count ? stored[i] : nil
            let new = j < incoming.count ? incoming[j] : nil
            if let old, new == nil || old.sourceID < new!.sourceID {
                // Listed before, not in this file.
                var entry = old
                if kept.contains(old.sourceID) {
                    keptRejected += 1
                    unchanged += 1
                } else if let asOf, old.removedOn == nil, !holdingRemovals {
                    entry.removedOn = asOf
                    events.append(EventRecord(sourceID: old.sourceID, date: asOf, kind: .removed, status: nil))
                    removed += 1
                } else {
                    if asOf != nil && old.removedOn == nil { removalsHeld += 1 }
                    unchanged += 1
                }
                records.append(entry)
                i += 1
            } else if let new, old == nil || new.sourceID < old!.sourceID {
                var record = new
                if let asOf {
                    if record.statusDate == nil { record.statusDate = asOf }
                    events.append(EventRecord(sourceID: new.sourceID, date: asOf, kind: .new, status: new.status, deadline: new.deadline))
                }
                records.append(record)
                added += 1
                j += 1
            } else if let old, let new {
                var record = new
                record.assignment = old.assignment
                if Self.isUnchanged(old, new) && old.removedOn == nil {
                    records.append(old)
                    unchanged += 1
                } else {
                    if let asOf {
                        if old.removedOn != nil {
                            events.append(EventRecord(sourceID: new.sourceID, date: asOf, kind: .new, status: new.status, deadline: new.deadline))
                        } else {
                            let statusChanged = old.status != new.status || old.deadline != new.deadline
                            events.append(EventRecord(
                                sourceID: new.sourceID, date: asOf, kind: .changed, status: statusChanged ? new.status : nil,
                                deadline: statusChanged ? new.deadline : nil))
                        }
                        if record.statusDate == nil {
                            record.statusDate = old.status == new.status ? old.statusDate : asOf
                        }
                    } else if record.statusDate == nil {
                        record.statusDate = old.statusDate
                    }
                    record.removedOn = nil
                    records.append(record)
                    updated += 1
                }
                i += 1
                j += 1
            }
        }
    }

    /// Hands the merged register over without a copy (the merge keeps nothing).
    mutating func takeRecords() -> [SourceRecord] {
        defer { records = [] }
        return records
    }

    /// Whether `new` says nothing `old` does not; a row without a status date keeps the stored one.
    private static func isUnchanged(_ old: SourceRecord, _ new: SourceRecord) -> Bool {
        var new = new
        if new.statusDate == nil { new.statusDate = old.statusDate }
        return old.sameRegisterEntry(as: new)
    }
}
