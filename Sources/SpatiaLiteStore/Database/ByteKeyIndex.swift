import CSpatiaLite
import Foundation
import Store

/// Dense indexes for byte strings read from SQLite (area codes), looked up straight from the
/// column's bytes: no `String` is made and no SipHash is run per row, so a province's 2.7
/// million placements (four codes for each of 681,000 sources) become small integers cheaply.
///
/// Open addressing with linear probing over a power-of-two table. Keys of up to 15 bytes (every
/// source id and area code seen so far) are stored in the slot itself, so a lookup is one cache
/// miss rather than four; longer keys are kept end to end in a buffer and compared there.
struct ByteKeyIndex {
    /// A key packed into two words (the length + 1 in the top byte, never 0), or for a long key
    /// its hash and 0; and its index, -1 for an empty slot.
    private struct Slot {
        var word0: UInt64
        var word1: UInt64
        var index: Int32
    }

    private var longKeys: [UInt8] = []
    /// Where each key is: for long keys the end of its bytes in `longKeys`, else -1.
    private var longEnds: [Int] = []
    private var longStarts: [Int] = []
    private var keys: [String] = []
    private var slots: [Slot]
    private var mask: Int

    init(capacity: Int = 16) {
        var size = 16
        while size * 2 < capacity * 3 { size <<= 1 }
        slots = [Slot](repeating: Slot(word0: 0, word1: 0, index: -1), count: size)
        mask = size - 1
    }

    var count: Int { keys.count }

    /// The key of index `i` as a string.
    func key(_ i: Int) -> String { keys[i] }

    /// The index of `key`, or nil when it was never inserted.
    @inline(__always) func find(_ key: UnsafeBufferPointer<UInt8>) -> Int32? {
        let (word0, word1, hash) = Self.pack(key)
        var slot = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let entry = slots[slot]
                if entry.index < 0 { return nil }
                if entry.word0 == word0 && entry.word1 == word1 && (word1 != 0 || equalsLong(Int(entry.index), key)) { return entry.index }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The index of `key`, inserting it (as the next index) when it is new.
    mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        if let found = find(key) { return found }
        if (keys.count + 1) * 3 > slots.count * 2 { grow() }
        let (word0, word1, hash) = Self.pack(key)
        let index = Int32(keys.count)
        keys.append(String(decoding: key, as: UTF8.self))
        if word1 == 0 {
            longStarts.append(longKeys.count)
            longKeys.append(contentsOf: key)
            longEnds.append(longKeys.count)
        } else {
            longStarts.append(-1)
            longEnds.append(-1)
        }
        place(Slot(word0: word0, word1: word1, index: index), hash: hash)
        return index
    }

    private mutating func place(_ entry: Slot, hash: UInt64) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot].index >= 0 { slot = (slot + 1) & mask }
        slots[slot] = entry
    }

    private func equalsLong(_ index: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = longStarts[index]
        guard start >= 0, longEnds[index] - start == key.count else { return false }
        return longKeys.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, key.baseAddress!, key.count) == 0 }
    }

    private mutating func grow() {
        let old = slots
        slots = [Slot](repeating: Slot(word0: 0, word1: 0, index: -1), count: old.count * 2)
        mask = slots.count - 1
        for entry in old where entry.index >= 0 {
            let hash = entry.word1 == 0 ? entry.word0 : Self.mix(entry.word0 ^ (entry.word1 &* 0x9e37_79b9_7f4a_7c15))
            place(entry, hash: hash)
        }
    }

    /// The two words of a key of up to 15 bytes and its hash; for a longer key its FNV-1a hash, 0 and the hash.
    @inline(__always) private static func pack(_ key: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64, UInt64) {
        if key.count <= 15 {
            var word0: UInt64 = 0, word1 = UInt64(key.count + 1) << 56
            for (i, byte) in key.enumerated() {
                if i < 8 { word0 |= UInt64(byte) << (8 * UInt64(i)) } else { word1 |= UInt64(byte) << (8 * UInt64(i - 8)) }
            }
            return (word0, word1, mix(word0 ^ (word1 &* 0x9e37_79b9_7f4a_7c15)))
        }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let hash = mix(h)
        return (hash, 0, hash)
    }

    /// MurmurHash3's finaliser: every input bit reaches the low bits the table uses.
    @inline(__always) private static func mix(_ value: UInt64) -> UInt64 {
        var h = value
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        h = h &* 0xc4ce_b9fe_1a85_ec53
        return h ^ (h >> 33)
    }
}

extension RawStatement {
    /// The bytes of a text column, valid until the next step; nil for NULL.
    @inline(__always) func withTextBytes<T>(_ column: Int32, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
        guard let text = sqlite3_column_text(statement, column) else { return nil }
        return body(UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, column))))
    }
}
