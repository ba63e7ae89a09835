import DeterministicRandom

/// Makes one fuzzed file from the seed files, as a pure function of the run's seed, the reader
/// and the file's number: a failing file is made again by `reader-fuzz --reader R --seed S
/// --only N`, on any machine.
///
/// A file is a seed (or, now and then, a file built from scratch: deep nesting, nothing at
/// all) with one to eight mutations: generic ones on bytes and lines (flips, inserted and
/// deleted runs, truncation, repeated, shuffled and dropped lines, BOMs, invalid UTF-8 and GBK,
/// CR/CRLF mixes, NUL bytes, very long fields and lines) and ones that know the format (CSV
/// delimiters and quotes, headers; JSON nesting, wrong types where coordinates or properties
/// are expected, duplicate keys, escapes; a query's header lines and parameter declarations).
/// Files stay under about 2 MB.
public struct Mutator: Sendable {
    public let reader: FuzzedReader
    public let seeds: [[UInt8]]

    public init(reader: FuzzedReader, seeds: [[UInt8]]) {
        precondition(!seeds.isEmpty, "the fuzzer needs at least one seed file")
        self.reader = reader
        self.seeds = seeds
    }

    /// The generator of file `number` of a run seeded with `seed`.
    public static func random(seed: UInt64, reader: FuzzedReader, number: Int) -> SplitMix64 {
        SplitMix64(seed: SplitMix64.mix(seed ^ SplitMix64.mix(reader.streamID << 40 ^ UInt64(number))))
    }

    /// File `number`: the seeds themselves first, unchanged, then mutated files.
    public func file(number: Int, seed: UInt64) -> [UInt8] {
        if number < seeds.count { return seeds[number] }
        var random = Self.random(seed: seed, reader: reader, number: number)
        var bytes: [UInt8]
        switch random.below(100) {
        case 0: bytes = []
        case 1: bytes = Array(" \n\r\n\t ".utf8)
        case 2, 3: bytes = deepNesting(&random)
        default: bytes = seeds[random.below(seeds.count)]
        }
        // Mostly few mutations, so that some files are still accepted.
        let count = [1, 1, 1, 1, 2, 2, 3, 4, 6, 8][random.below(10)]
        for _ in 0..<count {
            mutate(&bytes, &random)
            if bytes.count > Self.maximumSize { bytes.removeSubrange(Self.maximumSize...) }
        }
        return bytes
    }

    static let maximumSize = 2 << 20

    /// At most `count` copies of a piece of `size` bytes, fewer when they would pass the size
    /// limit: a long line copied 5,000 times took gigabytes before being cut.
    static func repeats(_ count: Int, of size: Int) -> Int { max(1, min(count, maximumSize / max(1, size))) }

    private func mutate(_ bytes: inout [UInt8], _ random: inout SplitMix64) {
        // Half the time a mutation of the format, else a generic one.
        if random.below(2) == 0 {
            switch reader {
            case .csv: CSVMutations.apply(&bytes, &random)
            case .geojson: JSONMutations.apply(&bytes, &random)
            case .catalog: CatalogMutations.apply(&bytes, &random)
            }
        } else {
            ByteMutations.apply(&bytes, &random, seeds: seeds)
        }
    }

    /// A JSON document nested thousands deep, closed or not.
    private func deepNesting(_ random: inout SplitMix64) -> [UInt8] {
        let depth = [10, 100, 1_000, 5_000, 20_000, 100_000][random.below(6)]
        let opening: [UInt8] = random.below(2) == 0 ? Array("[".utf8) : Array("{\"a\":".utf8)
        var bytes: [UInt8] = []
        if reader == .geojson && random.below(2) == 0 {
            bytes += Array("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{\"code\":".utf8)
        }
        for _ in 0..<depth { bytes += opening }
        bytes += Array("1".utf8)
        if random.below(3) > 0 {
            let closing: UInt8 = opening == Array("[".utf8) ? 0x5D : 0x7D
            bytes += [UInt8](repeating: closing, count: depth)
        }
        return bytes
    }
}

/// Helpers shared by the mutations.
extension SplitMix64 {
    mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }

    /// One of `values`, or nil when there are none (drawn through `below`, never the standard
    /// library's `randomElement`, whose algorithm is not promised).
    mutating func element<T>(_ values: [T]) -> T? { values.isEmpty ? nil : values[below(values.count)] }

    /// A position in `0...count`.
    mutating func position(in count: Int) -> Int { below(count + 1) }

    /// A length, mostly short, sometimes very long.
    mutating func length() -> Int {
        switch below(10) {
        case 0..<5: 1 + below(8)
        case 5..<8: 1 + below(200)
        case 8: 1 + below(10_000)
        default: 10_000 + below(300_000)
        }
    }
}

/// Lines of a file, with their endings kept, so that joining them gives the file again.
enum Lines {
    static func split(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0
        for (i, byte) in bytes.enumerated() where byte == 0x0A {
            lines.append(Array(bytes[start...i]))
            start = i + 1
        }
        if start < bytes.count { lines.append(Array(bytes[start...])) }
        return lines
    }

    static func join(_ lines: [[UInt8]]) -> [UInt8] { lines.flatMap { $0 } }
}

/// Values that have broken number parsers before.
enum Interesting {
    static let numbers = [
        "NaN", "nan", "-nan", "inf", "-inf", "Infinity", "-Infinity", "1e309", "-1e309", "1e-400", "-0", "0", "0x1p3", "0x10",
        "99999999999999999999999999999", "1.7976931348623157e308", "4.9e-324", "2.2250738585072014e-308", "-180.0000001",
        "180", "-90", "90.0000000001", "1e", "1e+", "1e-", "--1", ".", "+", "-", "+113.5", ".5", "5.", "1_000", "113,5",
        "113.5.5", "１１３．５", "١٢٣", "1e9999999999", "0.000000000000000000000000000000000000000000001",
        String(repeating: "9", count: 400), "1" + String(repeating: "0", count: 400) + ".5", "113.26 ", " 23.13", "1 2",
        "4547000", "-1e15", "1e15", "9007199254740993", "-9223372036854775809", "18446744073709551616",
    ]
    static let texts = [
        "", " ", "\"", "\"\"", "'", "\\", "\\u", "\\uD800", "\\uDC00\\uD800", "\u{0}", "\u{FEFF}", "\u{202E}", "\u{1F600}", "、",
        "无证", "排污许可", "整改", "登记", "特殊", "unlicensed", "permitted", "重点管理", "2020-02-30", "2020-13-01", "0000-00-00",
        "9999-12-31", "2020/1/1", "20200101", "2020-W53", "2021-W53", "null", "true", "{}", "[]", "%s%n", "Optional(nil)",
    ]
}

/// Mutations that know nothing of the format.
enum ByteMutations {
    static func apply(_ bytes: inout [UInt8], _ random: inout SplitMix64, seeds: [[UInt8]]) {
        let n = bytes.count
        switch random.below(22) {
        case 0 where n > 0:  // flip a bit
            bytes[random.below(n)] ^= UInt8(1) << UInt8(random.below(8))
        case 1 where n > 0:  // a random byte
            bytes[random.below(n)] = UInt8(truncatingIfNeeded: random.next())
        case 2:  // insert random bytes
            let inserted = (0..<random.length() % 64 + 1).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            bytes.insert(contentsOf: inserted, at: random.position(in: n))
        case 3:  // insert a run of one byte
            let byte = random.pick([0x00, 0x0A, 0x0D, 0x22, 0x2C, 0x3B, 0x09, 0x20, 0x5B, 0x7B, 0x5C, 0xFF, 0x80, 0x41])
            bytes.insert(contentsOf: [UInt8](repeating: UInt8(byte), count: random.length()), at: random.position(in: n))
        case 4 where n > 0:  // delete a range
            let start = random.below(n)
            bytes.removeSubrange(start..<min(n, start + random.length()))
        case 5:  // truncate anywhere
            bytes.removeSubrange(random.position(in: n)...)
        case 6 where n > 0:  // repeat a range
            let start = random.below(n)
            let piece = bytes[start..<min(n, start + random.length())]
            bytes.insert(contentsOf: piece, at: random.position(in: n))
        case 7:  // line operations
            var lines = Lines.split(bytes)
            guard !lines.isEmpty else { return }
            switch random.below(5) {
            case 0: lines.insert(lines[random.below(lines.count)], at: random.position(in: lines.count))
            case 1: lines.remove(at: random.below(lines.count))
            case 2: lines.swapAt(random.below(lines.count), random.below(lines.count))
            case 3:  // shuffle
                for i in stride(from: lines.count - 1, to: 0, by: -1) { lines.swapAt(i, random.below(i + 1)) }
            default:  // one line many times
                let line = lines[random.below(lines.count)]
                let count = Mutator.repeats(random.length() % 5_000 + 1, of: line.count)
                lines.insert(contentsOf: [[UInt8]](repeating: line, count: count), at: random.position(in: lines.count))
            }
            bytes = Lines.join(lines)
        case 8:  // a byte-order mark, at the start or not
            let bom: [UInt8] = random.pick([[0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFE, 0xFF], [0xEF, 0xBB], [0x00, 0x00, 0xFE, 0xFF]])
            bytes.insert(contentsOf: bom, at: random.below(3) == 0 ? random.position(in: n) : 0)
        case 9:  // invalid UTF-8
            let bad: [UInt8] = random.pick([
                [0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80],
                [0xC3], [0xE4, 0xB8], [0xFE], [0xFF, 0xFF],
            ])
            bytes.insert(contentsOf: bad, at: random.below(2) == 0 ? n : random.position(in: n))
        case 10:  // GBK bytes (valid pairs, a half pair, bytes GB18030 refuses)
            let gbk: [UInt8] = random.pick([[0xB1, 0xE0, 0xBA, 0xC5], [0xCE, 0xDE, 0xD6, 0xA4], [0xB1], [0x81, 0x30], [0x81, 0x30, 0x81], [0x80], [0xFF, 0x40]])
            bytes.insert(contentsOf: gbk, at: random.below(2) == 0 ? n : random.position(in: n))
        case 11:  // CR and CRLF mixes
            let mode = random.below(3)
            var out: [UInt8] = []
            out.reserveCapacity(n + n / 20)
            for byte in bytes {
                if byte == 0x0A && random.below(2) == 0 {
                    if mode == 0 { out += [0x0D, 0x0A] } else if mode == 1 { out.append(0x0D) } else { out += [0x0D, 0x0D, 0x0A] }
                } else {
                    out.append(byte)
                }
            }
            bytes = out
        case 12:  // NUL bytes
            for _ in 0..<random.length() % 8 + 1 { bytes.insert(0, at: random.position(in: bytes.count)) }
        case 13:  // a very long run of text
            let piece = Array(random.pick(["A", "中", "🙂", "9", ",", "\"", "a,", "\\", "\n", "\r", " "]).utf8)
            let repeats = random.length()
            var run: [UInt8] = []
            run.reserveCapacity(piece.count * repeats)
            for _ in 0..<repeats { run += piece }
            bytes.insert(contentsOf: run, at: random.position(in: n))
        case 14:  // a piece of another seed
            let other = seeds[random.below(seeds.count)]
            guard !other.isEmpty else { return }
            let start = random.below(other.count)
            bytes.insert(contentsOf: other[start..<min(other.count, start + random.length())], at: random.position(in: n))
        case 15:  // a whole other seed, appended
            bytes += seeds[random.below(seeds.count)]
        case 16:  // an interesting number replaces a number
            NumberMutation.apply(&bytes, &random)
        case 17:  // an interesting text inserted
            bytes.insert(contentsOf: Array(random.pick(Interesting.texts).utf8), at: random.position(in: n))
        case 18:  // swap two bytes
            guard n > 1 else { return }
            bytes.swapAt(random.below(n), random.below(n))
        case 19:  // UTF-16, as some spreadsheets save text
            let text = String(decoding: bytes, as: UTF8.self)
            var out: [UInt8] = random.below(2) == 0 ? [0xFF, 0xFE] : []
            for unit in text.utf16 { out += [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
            if random.below(4) == 0 { out.append(0x41) }  // an odd byte count
            bytes = out
        case 20:  // trailing garbage after the last line break
            bytes += Array(random.pick(["\n\n\n", "\u{1A}", " ", "\r", "\t\t\n", "\u{0}"]).utf8)
        default:  // the file doubled
            if n < 500_000 { bytes += bytes }
        }
    }
}

/// Replaces a number of the file by one of `Interesting.numbers`.
enum NumberMutation {
    static func apply(_ bytes: inout [UInt8], _ random: inout SplitMix64) {
        let n = bytes.count
        guard n > 0 else { return }
        // The first number at or after a random position.
        var start = random.below(n)
        while start < n && !isDigit(bytes[start]) { start += 1 }
        guard start < n else { return }
        while start > 0 && (isDigit(bytes[start - 1]) || bytes[start - 1] == 0x2E || bytes[start - 1] == 0x2D) { start -= 1 }
        var end = start
        while end < n && (isDigit(bytes[end]) || bytes[end] == 0x2E || bytes[end] == 0x2D || bytes[end] == 0x65 || bytes[end] == 0x45) { end += 1 }
        bytes.replaceSubrange(start..<end, with: Array(random.pick(Interesting.numbers).utf8))
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
