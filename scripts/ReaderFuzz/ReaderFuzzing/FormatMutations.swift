import DeterministicRandom

/// Mutations of a CSV source list: delimiters, quotes, fields, the header's columns.
enum CSVMutations {
    static let headerNames = [
        "source_id", "id", "编号", "name", "名称", "lon", "lng", "x", "经度", "lat", "y", "纬度", "status", "状态", "category",
        "管理类别", "deadline", "status_date", "uscc", "industry", "declared_area", "行政区划代码", "", " ", "lon", "Lat", "STATUS",
        "\"lat\"", "extra", "备注",
    ]

    static func apply(_ bytes: inout [UInt8], _ random: inout SplitMix64) {
        var lines = Lines.split(bytes)
        switch random.below(12) {
        case 0:  // swap every delimiter of one kind for another
            let from = UInt8(random.pick([0x2C, 0x3B, 0x09]))
            let to = UInt8(random.pick([0x2C, 0x3B, 0x09, 0x7C, 0x20]))
            bytes = bytes.map { $0 == from ? to : $0 }
            return
        case 1:  // quotes: one more, one fewer, single for double
            let n = bytes.count
            switch random.below(3) {
            case 0: bytes.insert(0x22, at: random.position(in: n))
            case 1: if let i = random.element(bytes.indices.filter { bytes[$0] == 0x22 }) { bytes.remove(at: i) } else { bytes.insert(0x22, at: random.position(in: n)) }
            default: bytes = bytes.map { $0 == 0x22 ? 0x27 : $0 }
            }
            return
        case 2:  // a field quoted, with doubled quotes and a line break inside
            guard !lines.isEmpty else { return }
            let k = random.below(lines.count)
            var fields = split(lines[k])
            guard !fields.isEmpty else { return }
            let f = random.below(fields.count)
            fields[f] = Array("\"".utf8) + fields[f] + Array(random.pick(["\"\"x\"\"", "\n", "\r\n", "", "\"\"", ",\"\""]).utf8) + Array("\"".utf8)
            lines[k] = join(fields, ending: lines[k])
        case 3:  // a field replaced by an interesting value
            guard !lines.isEmpty else { return }
            let k = random.below(lines.count)
            var fields = split(lines[k])
            guard !fields.isEmpty else { return }
            let value = random.below(2) == 0 ? random.pick(Interesting.numbers) : random.pick(Interesting.texts)
            fields[random.below(fields.count)] = Array(value.utf8)
            lines[k] = join(fields, ending: lines[k])
        case 4:  // a header name replaced (aliases, duplicates, blanks)
            guard !lines.isEmpty else { return }
            var fields = split(lines[0])
            guard !fields.isEmpty else { return }
            fields[random.below(fields.count)] = Array(random.pick(headerNames).utf8)
            lines[0] = join(fields, ending: lines[0])
        case 5:  // a field more or a field fewer on a line
            guard !lines.isEmpty else { return }
            let k = random.below(lines.count)
            var fields = split(lines[k])
            if random.below(2) == 0 || fields.isEmpty { fields.insert([], at: random.position(in: fields.count)) } else { fields.remove(at: random.below(fields.count)) }
            lines[k] = join(fields, ending: lines[k])
        case 6:  // two columns swapped on every line
            let a = random.below(12), b = random.below(12)
            lines = lines.map { line in
                var fields = split(line)
                guard a < fields.count, b < fields.count else { return line }
                fields.swapAt(a, b)
                return join(fields, ending: line)
            }
        case 7:  // a very long field
            guard !lines.isEmpty else { return }
            let k = random.below(lines.count)
            var fields = split(lines[k])
            guard !fields.isEmpty else { return }
            fields[random.below(fields.count)] = [UInt8](repeating: UInt8(random.pick([0x41, 0x39, 0x20])), count: random.length())
            lines[k] = join(fields, ending: lines[k])
        case 8:  // a very long line: thousands of fields
            let line = [UInt8](repeating: 0x2C, count: random.length()) + [0x0A]
            lines.insert(line, at: random.position(in: lines.count))
        case 9:  // many rows like one of them, with new ids (a bigger file)
            guard lines.count > 1 else { return }
            let template = lines[1 + random.below(lines.count - 1)]
            let count = Mutator.repeats(random.length() % 20_000 + 1, of: template.count)
            for k in 0..<count {
                var fields = split(template)
                if !fields.isEmpty { fields[0] = Array("F\(k)".utf8) }
                lines.append(join(fields, ending: template))
            }
        case 10:  // only the header, or only rows
            guard !lines.isEmpty else { return }
            if random.below(2) == 0 { lines = [lines[0]] } else { lines.removeFirst() }
        default:  // a header with no line break, or spaces around every field
            if random.below(2) == 0 {
                while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
                return
            }
            lines = lines.map { line in join(split(line).map { Array(" ".utf8) + $0 + Array(" ".utf8) }, ending: line) }
        }
        bytes = Lines.join(lines)
    }

    /// A line's fields on commas, semicolons or tabs (quotes ignored: it is a mutation).
    static func split(_ line: [UInt8]) -> [[UInt8]] {
        var body = line[...]
        while let last = body.last, last == 0x0A || last == 0x0D { body = body.dropLast() }
        let delimiter: UInt8 = body.contains(0x2C) ? 0x2C : (body.contains(0x3B) ? 0x3B : 0x09)
        return body.split(separator: delimiter, omittingEmptySubsequences: false).map { Array($0) }
    }

    static func join(_ fields: [[UInt8]], ending original: [UInt8]) -> [UInt8] {
        let delimiter: UInt8 = original.contains(0x2C) ? 0x2C : (original.contains(0x3B) ? 0x3B : (original.contains(0x09) ? 0x09 : 0x2C))
        var out = Array(fields.joined(separator: [delimiter]))
        if original.last == 0x0A { out += original.dropLast().last == 0x0D ? [0x0D, 0x0A] : [0x0A] }
        return out
    }
}

/// Mutations of a GeoJSON file: structure, types, keys, numbers and escapes.
enum JSONMutations {
    static let keys = ["\"coordinates\":", "\"properties\":", "\"geometry\":", "\"features\":", "\"type\":", "\"code\":", "\"name\":", "\"crs\":"]
    static let wrongValues = [
        "null", "true", "1", "-1", "\"x\"", "{}", "[]", "[[]]", "[[[]]]", "[1]", "[1,2]", "[[1,2]]", "[[[1,2]]]",
        "[[[1,2],[3,4]]]", "[[[113,23],[113.1,23],[113.1,23.1],[113,23]]]", "[[[[113,23],[113.1,23],[113.1,23.1],[113,23]]]]",
        "\"Polygon\"", "\"MultiPolygon\"", "\"Point\"", "\"GeometryCollection\"", "\"Feature\"", "\"FeatureCollection\"", "\"\"",
        "[null]", "[\"113\",\"23\"]", "[[[\"a\",\"b\"]]]", "{\"type\":\"Polygon\"}", "{\"type\":\"Polygon\",\"coordinates\":null}",
        "{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,0]]]}]}",
        "{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:3857\"}}", "{\"type\":\"name\",\"properties\":{\"name\":\"EPSG:4547\"}}",
        "{\"type\":\"name\",\"properties\":{\"name\":\"urn:ogc:def:crs:EPSG::4326\"}}", "{\"type\":\"name\",\"properties\":{\"name\":\"nonsense\"}}",
        "{\"type\":\"name\",\"properties\":{\"name\":7}}", "1e999", "-0", "\"\\u0000\"", "{\"adcode\":{\"adcode\":1}}",
        "[[[0,0],[0,0],[0,0],[0,0]]]", "[[[1e308,1e308],[-1e308,1e308],[1e308,-1e308],[1e308,1e308]]]",
    ]

    static func apply(_ bytes: inout [UInt8], _ random: inout SplitMix64) {
        let n = bytes.count
        switch random.below(10) {
        case 0, 1:  // a wrong value after a key
            let key = Array(random.pick(keys).utf8)
            guard let at = occurrence(of: key, in: bytes, &random) else { return }
            let start = at + key.count
            let end = valueEnd(bytes, from: start)
            bytes.replaceSubrange(start..<end, with: Array(random.pick(wrongValues).utf8))
        case 2:  // a duplicate key
            guard let at = occurrence(of: [0x7B], in: bytes, &random) else { return }
            bytes.insert(contentsOf: Array(random.pick(["\"type\":\"Point\",", "\"coordinates\":[],", "\"properties\":null,", "\"code\":\"DUP\",", "\"features\":[],", "\"type\":\"FeatureCollection\",", "\"\":1,"]).utf8), at: at + 1)
        case 3:  // nesting inserted at a value
            guard let at = occurrence(of: [0x3A], in: bytes, &random) else { return }
            let depth = [5, 50, 500, 2_000, 10_000][random.below(5)]
            let open = UInt8(random.pick([0x5B, 0x7B]))
            var nested = [UInt8](repeating: open, count: depth)
            if open == 0x7B { nested = Array(String(repeating: "{\"k\":", count: depth).utf8) }
            nested += Array("0".utf8) + [UInt8](repeating: open == 0x5B ? 0x5D : 0x7D, count: random.below(3) == 0 ? depth / 2 : depth)
            bytes.replaceSubrange(at + 1..<valueEnd(bytes, from: at + 1), with: nested)
        case 4:  // a number replaced
            NumberMutation.apply(&bytes, &random)
        case 5:  // a bracket, brace, comma or colon inserted or removed
            let structural: [UInt8] = [0x5B, 0x5D, 0x7B, 0x7D, 0x2C, 0x3A, 0x22]
            if random.below(2) == 0 {
                bytes.insert(random.pick(structural), at: random.position(in: n))
            } else if let i = random.element(bytes.indices.filter { structural.contains(bytes[$0]) }) {
                bytes.remove(at: i)
            }
        case 6:  // escapes in a string
            guard let at = occurrence(of: [0x22], in: bytes, &random) else { return }
            bytes.insert(contentsOf: Array(random.pick(["\\u", "\\uD83D", "\\uDE00", "\\uD83D\\u0041", "\\x41", "\\", "\\u00zz", "\\/", "\\u0000", "\u{1}", "\n"]).utf8), at: at + 1)
        case 7:  // a ring with many positions (zigzag, self-intersecting)
            guard let at = occurrence(of: Array("\"coordinates\":".utf8), in: bytes, &random) else { return }
            let count = [4, 10, 1_000, 20_000][random.below(4)]
            var ring = "[["
            for k in 0..<count { ring += "[\(113 + Double(k) / Double(count)),\(k % 2 == 0 ? 23 : 23.01)]," }
            ring += "[113,23]]]"
            let start = at + "\"coordinates\":".utf8.count
            bytes.replaceSubrange(start..<valueEnd(bytes, from: start), with: Array(ring.utf8))
        case 8:  // many features like one of them
            let spaced = occurrence(of: Array("{\"type\": \"Feature\"".utf8), in: bytes, &random)
            guard let at = spaced ?? occurrence(of: Array("{\"type\":\"Feature\"".utf8), in: bytes, &random) else { return }
            let end = valueEnd(bytes, from: at)
            let feature = Array(bytes[at..<end])
            var copies: [UInt8] = []
            for _ in 0..<Mutator.repeats(random.length() % 3_000 + 1, of: feature.count + 1) { copies += feature + [0x2C] }
            bytes.insert(contentsOf: copies, at: at)
        default:  // a value's text as a string, or a string's quotes dropped
            guard let at = occurrence(of: [0x3A], in: bytes, &random) else { return }
            let end = valueEnd(bytes, from: at + 1)
            let value = Array(bytes[(at + 1)..<end])
            if value.first == 0x22 { bytes.replaceSubrange((at + 1)..<end, with: value.filter { $0 != 0x22 }) } else {
                bytes.replaceSubrange((at + 1)..<end, with: [0x22] + value.filter { $0 != 0x22 } + [0x22])
            }
        }
    }

    /// A random occurrence of `needle` in `bytes` (the first at or after a random point).
    static func occurrence(of needle: [UInt8], in bytes: [UInt8], _ random: inout SplitMix64) -> Int? {
        guard !needle.isEmpty, bytes.count >= needle.count else { return nil }
        let last = bytes.count - needle.count
        let from = random.below(last + 1)
        for step in 0...last {
            let start = (from + step) % (last + 1)
            if bytes[start] == needle[0] && bytes[start..<start + needle.count].elementsEqual(needle) { return start }
        }
        return nil
    }

    /// Where the JSON value starting at `start` ends (brackets counted, strings skipped; the
    /// file's end when it does not).
    static func valueEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var i = start, depth = 0, inString = false
        while i < bytes.count {
            let c = bytes[i]
            if inString {
                if c == 0x5C { i += 2; continue }
                if c == 0x22 { inString = false; if depth == 0 { return i + 1 } }
            } else if c == 0x22 {
                inString = true
            } else if c == 0x5B || c == 0x7B {
                depth += 1
            } else if c == 0x5D || c == 0x7D {
                if depth == 0 { return i }
                depth -= 1
                if depth == 0 { return i + 1 }
            } else if c == 0x2C && depth == 0 {
                return i
            }
            i += 1
        }
        return bytes.count
    }
}

/// Mutations of a query file: its header lines and parameter declarations, strings, comments.
enum CatalogMutations {
    static let keys = ["title", "description", "param", "geometry", "example", "dialect", "TITLE", "Param", "params", "", " param"]
    static let names = ["at", "radius", "from", "to", "q", "n", "Name", "名", "a-b", "x y", "", "_", "9", "at_x", String(repeating: "p", count: 300)]
    static let types = [
        "text", "code", "integer", "real", "date", "isoweek", "bbox", "point", "status", "event", "area", "choice", "choice+a+b",
        "choice+", "choice++", "status+all", "status+", "+all", "real>0", "real>=1e400", "real>nan", "real>-inf", "integer>=1",
        "integer>", "integer>=", "text>=2", "text>=0", "text>=1.5", "text>=nan", "date>=from", "date>=", "date>=nope", "isoweek>=to",
        "date>from", "real>0>1", "REAL", "float", "", ">", "+", "bbox>=1",
    ]
    static let requirements = [
        "required", "optional", "default", "default 0", "default -1", "default 1e400", "default nan", "default 2020-02-30",
        "default 2020-W53", "default 2021-W53", "default 113,23", "default 200,100", "default 1,2,3,4", "default 4,3,2,1",
        "default all", "default 无证", "default a b c", "required extra", "optional x", "REQUIRED", "", "default \u{0}",
    ]

    static func apply(_ bytes: inout [UInt8], _ random: inout SplitMix64) {
        var lines = Lines.split(bytes)
        switch random.below(8) {
        case 0, 1:  // a parameter declaration, well formed or not, added or replacing a line
            let description = random.pick(["", ": a description", ": with: colons: inside", ":", ": 中文"])
            let line = "-- param: \(random.pick(names)) \(random.pick(types)) \(random.pick(requirements))\(description)\n"
            insertOrReplace(&lines, Array(line.utf8), &random)
        case 2:  // a header line with another key or an empty value
            let line = "--\(random.pick(["", " ", "\t", "---"]))\(random.pick(keys)):\(random.pick(["", " ", " x", " 中文标题", " spatialite", " postgres", " " + String(repeating: "t", count: 5_000)]))\n"
            insertOrReplace(&lines, Array(line.utf8), &random)
        case 3:  // a header line removed (title, description…)
            let headerLines = lines.indices.filter { lines[$0].starts(with: Array("--".utf8)) }
            guard let k = random.element(headerLines) else { return }
            lines.remove(at: k)
        case 4:  // an unterminated string or comment in the SQL
            bytes.insert(contentsOf: Array(random.pick(["'", "\"", "/*", "--", "`", "[", "'';", ";", "\\"]).utf8), at: random.position(in: bytes.count))
            return
        case 5:  // a declaration's words shuffled or cut
            let params = lines.indices.filter { String(decoding: lines[$0], as: UTF8.self).contains("param") }
            guard let k = random.element(params) else { return }
            var words = String(decoding: lines[k], as: UTF8.self).split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            if random.below(2) == 0 {
                for i in stride(from: words.count - 1, to: 0, by: -1) { words.swapAt(i, random.below(i + 1)) }
            } else {
                words.removeSubrange(random.position(in: words.count)...)
            }
            lines[k] = Array((words.joined(separator: " ") + "\n").utf8)
        case 6:  // the same parameter declared twice
            let params = lines.indices.filter { String(decoding: lines[$0], as: UTF8.self).hasPrefix("-- param:") }
            guard let k = random.element(params) else { return }
            lines.insert(lines[k], at: random.position(in: lines.count))
        default:  // a header line far down the file, or a huge header
            if random.below(2) == 0 {
                lines.append(Array("-- param: late text optional\n".utf8))
            } else {
                for k in 0..<random.length() % 3_000 { lines.insert(Array("-- param: p\(k) text optional: many\n".utf8), at: 0) }
            }
        }
        bytes = Lines.join(lines)
    }

    static func insertOrReplace(_ lines: inout [[UInt8]], _ line: [UInt8], _ random: inout SplitMix64) {
        if !lines.isEmpty && random.below(2) == 0 { lines[random.below(lines.count)] = line } else { lines.insert(line, at: random.position(in: lines.count)) }
    }
}
