import FeatureMemory
import Foundation
import GeoKit
import Store
import Synchronization
import Testing

/// How a store's source index is made for a generation: once, patched from the rows a field
/// write changed, read whole otherwise; the encoded features told of the same; and a reader that
/// need not wait is told so while another thread reads the register whole.
@Suite("Source index by generation")
struct SourceFeatureMemoryTests {
    /// Three sources in a row, the middle one unlicensed.
    static func register(_ builder: inout SourcePointIndex.Builder) {
        for (rowid, status) in [(1, "permitted"), (2, "unlicensed"), (3, "permitted")] {
            builder.append(rowid: Int64(rowid), longitude: 113 + Double(rowid) / 100, latitude: 23, date: "2020-01-0\(rowid)") { k in
                SourcePointIndex.propertyColumns[k] == "status" ? status : "x"
            }
        }
    }

    static func matched(_ index: SourcePointIndex, status: String) -> [Int64] {
        index.select(FeatureQuery(collection: .sources, equals: ["status": status], limit: 10)).page
    }

    @Test func aFieldWriteIsPatchedInAndItsRowsEncodedAgain() throws {
        let memory = SourceFeatureMemory()
        memory.encodedFeatures.setBudget(1 << 20)
        var wholeReads = 0
        let first = try memory.index(at: 5, changedRows: { _ in nil }, rows: { _ in [] }, whole: { wholeReads += 1; Self.register(&$0) })
        #expect(Self.matched(first, status: "unlicensed") == [2] && wholeReads == 1)
        memory.encodedFeatures.keep([(1, [1]), (2, [2]), (3, [3])], at: 5)

        // Generation 7: rows 2 changed (now rectifying) and 4 added; 3 no longer listed.
        let changed = try memory.index(
            at: 7, changedRows: { since in since == 5 ? [2, 3, 4] : nil },
            rows: { rowids in
                #expect(rowids == [2, 3, 4])
                let values = { (status: String) in SourcePointIndex.propertyColumns.map { $0 == "status" ? status : "x" } }
                return [
                    SourcePointIndex.Row(rowid: 2, longitude: 113.02, latitude: 23, date: "2021-01-02", values: values("rectifying"), removed: false),
                    .removed(3),
                    SourcePointIndex.Row(rowid: 4, longitude: 113.5, latitude: 23.5, date: "2021-01-03", values: values("unlicensed"), removed: false),
                ]
            },
            whole: { _ in Issue.record("a field write is patched in, not read whole") })
        #expect(changed.generation == 7 && wholeReads == 1)
        #expect(Self.matched(changed, status: "unlicensed") == [4])
        #expect(Self.matched(changed, status: "rectifying") == [2])
        #expect(Self.matched(changed, status: "permitted") == [1])
        #expect(changed.dateExtent?.last == "2021-01-03")
        #expect(memory.encodedFeatures.features([1, 2, 3], at: 7) == [[1], nil, nil], "only the unchanged source's bytes stay")
        // The older generation is still kept for readers whose snapshot began before the writes.
        #expect(try memory.index(at: 5, changedRows: { _ in nil }, rows: { _ in [] }, whole: { _ in Issue.record("kept") }) === first)

        // A write that listed no rows: read whole, every kept feature dropped.
        let reread = try memory.index(at: 8, changedRows: { _ in nil }, rows: { _ in [] }, whole: { wholeReads += 1; Self.register(&$0) })
        #expect(reread.generation == 8 && wholeReads == 2)
        #expect(memory.encodedFeatures.features([1], at: 8) == [nil])
    }

    @Test func aReaderThatNeedNotWaitIsToldWhileAnotherReadsTheRegisterWhole() throws {
        let memory = SourceFeatureMemory()
        let started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        let made = Mutex<SourcePointIndex?>(nil)
        let maker = Thread {
            let index = try? memory.index(at: 9, changedRows: { _ in nil }, rows: { _ in [] }, whole: { builder in
                started.signal()
                release.wait()
                Self.register(&builder)
            })
            made.withLock { $0 = index }
        }
        maker.start()
        started.wait()
        let whole: (inout SourcePointIndex.Builder) throws -> Void = { _ in Issue.record("no second whole read") }
        #expect(try memory.index(at: 9, waiting: false, changedRows: { _ in nil }, rows: { _ in [] }, whole: whole) == nil)
        #expect(try memory.index(at: 8, waiting: false, changedRows: { _ in nil }, rows: { _ in [] }, whole: whole) == nil)
        release.signal()
        // A waiting reader gets the one being made, which is then kept for everyone.
        let waited = try memory.index(at: 9, changedRows: { _ in nil }, rows: { _ in [] }, whole: whole)
        #expect(waited.generation == 9 && Self.matched(waited, status: "unlicensed") == [2])
        let kept = try #require(try memory.index(at: 9, waiting: false, changedRows: { _ in nil }, rows: { _ in [] }, whole: whole))
        #expect(kept === waited)
        while made.withLock({ $0 == nil }) { Thread.sleep(forTimeInterval: 0.01) }
        #expect(made.withLock { $0 } === waited)
    }
}
