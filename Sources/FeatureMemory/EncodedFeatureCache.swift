import Foundation

/// The sources' features as the server last encoded them, by rowid, kept while each source is
/// unchanged: a page of a thousand features is then a thousand lookups and copies rather than a
/// thousand rows read through SQLite and encoded again (about 6 ms of a core).
///
/// A feature's bytes are exact for a reader whose snapshot holds the source as it was when they
/// were encoded. The cache learns of every change before any reader of the changed generation
/// asks it, from the same place the source index learns of it (`SourcePointIndexCache` builds
/// the index of a generation once, patched from the rows a field write changed or read whole):
/// `changed(_:at:)` notes the rows a field write changed; `reset(at:)` marks every row changed
/// (an ingest, or any write that did not list its rows). A reader of generation `g` may use
/// bytes encoded at `e` when the source's last change is at or before both; it keeps what it
/// encoded only when its snapshot holds the source's last change. Bytes past `budget` are not
/// kept.
public final class EncodedFeatureCache: @unchecked Sendable {
    private struct Entry {
        var encodedAt: Int64
        var bytes: [UInt8]
    }

    private let lock = NSLock()
    private var entries: [Int64: Entry] = [:]
    /// Every row counts as changed at this generation (the latest reset).
    private var floor = Int64.min
    /// The newest generation the cache has been told of (by `changed` or `reset`).
    private var known = Int64.min
    /// Rows changed by field writes since the reset, at the generation of their latest change.
    private var lastChanges: [Int64: Int64] = [:]
    private var keptBytes = 0
    /// Bytes kept at most (0: none).
    private var budget = 0

    public init() {}

    /// Whether features are kept at all (a budget was set); read by every page, under the lock
    /// like the rest.
    public var isKeeping: Bool { lock.withLock { budget > 0 } }

    /// Sets how many bytes of features may be kept; 0 drops them all.
    public func setBudget(_ bytes: Int) {
        lock.withLock {
            budget = max(0, bytes)
            if budget == 0 { dropAll() }
        }
    }

    /// Notes that field writes up to `generation` changed `rowids`.
    public func changed(_ rowids: [Int64], at generation: Int64) {
        lock.withLock {
            known = max(known, generation)
            for rowid in rowids {
                lastChanges[rowid] = max(lastChanges[rowid] ?? .min, generation)
                if let old = entries.removeValue(forKey: rowid) { keptBytes -= Self.cost(old.bytes) }
            }
        }
    }

    /// Notes that any row may have changed at `generation`.
    ///
    /// An index read whole for an older snapshot (none older was kept to patch) says nothing of
    /// the changes after it that the cache was told of: the floor is then the newest generation
    /// known, so forgetting those changes lets no reader send bytes from before them.
    public func reset(at generation: Int64) {
        lock.withLock {
            let newFloor = max(generation, known)
            known = newFloor
            guard newFloor > floor else { return }
            floor = newFloor
            lastChanges = [:]
            dropAll()
        }
    }

    /// The kept bytes of each of `rowids` that a reader of `generation` may send, nil where none.
    public func features(_ rowids: [Int64], at generation: Int64) -> [[UInt8]?] {
        lock.withLock {
            guard budget > 0, !entries.isEmpty else { return Array(repeating: nil, count: rowids.count) }
            return rowids.map { rowid in
                guard let entry = entries[rowid] else { return nil }
                let changedAt = lastChange(of: rowid)
                return changedAt <= generation && changedAt <= entry.encodedAt ? entry.bytes : nil
            }
        }
    }

    /// Keeps the bytes a reader of `generation` encoded, where its snapshot holds each source's
    /// last change and the budget allows.
    public func keep(_ encoded: [(rowid: Int64, bytes: [UInt8])], at generation: Int64) {
        guard !encoded.isEmpty else { return }
        lock.withLock {
            for (rowid, bytes) in encoded where lastChange(of: rowid) <= generation {
                let cost = Self.cost(bytes)
                if let old = entries[rowid] {
                    guard old.encodedAt < generation else { continue }
                    keptBytes -= Self.cost(old.bytes)
                } else if keptBytes + cost > budget {
                    continue
                }
                entries[rowid] = Entry(encodedAt: generation, bytes: bytes)
                keptBytes += cost
            }
        }
    }

    /// Bytes and features kept now.
    public var usage: (bytes: Int, features: Int) { lock.withLock { (keptBytes, entries.count) } }

    private func lastChange(of rowid: Int64) -> Int64 { max(floor, lastChanges[rowid] ?? .min) }

    private func dropAll() {
        entries = [:]
        keptBytes = 0
    }

    /// An entry's memory: its bytes and about as much again for the array and the table's slot.
    private static func cost(_ bytes: [UInt8]) -> Int { bytes.count + 64 }
}
