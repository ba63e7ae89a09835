import Foundation

/// A byte-level JSON parser (RFC 8259) producing `JSONValue`.
///
/// Kept over Foundation because it measured far faster on the province's files
/// (`scripts/geojson-parse-benchmark.sh`, figures in the README): reading the 18.6 MB grids file
/// to polygons takes about 6 times as long through `JSONDecoder` and 9 times through
/// `JSONSerialization` (with almost four times the peak memory), and never less than 2.6 times as
/// long in any run on a noisy machine. Foundation also loses the order of object members, which
/// `JSONObject` keeps.
///
/// It reads the UTF-8 bytes directly, parses numbers with an exact fast path (Clinger's: up to 15
/// significant digits and a power of ten up to 22, which covers every coordinate written with
/// ≤ 15 digits), and allocates each array and object once at its final size.
///
/// It accepts exactly the JSON grammar, plus a leading UTF-8 byte order mark (common in files
/// saved by Windows tools). Errors carry the byte offset, line and column and what the grammar
/// expected there.
public struct JSONParser: Sendable {
    /// Deeper nesting is rejected rather than risking the stack on hostile input; GeoJSON needs 6.
    public var maximumDepth: Int

    public init(maximumDepth: Int = 512) {
        self.maximumDepth = maximumDepth
    }

    public func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { parseResult($0) }.get()
    }

    public func parse(_ data: Data) throws(JSONParseError) -> JSONValue {
        try data.withUnsafeBytes { raw in parseResult(raw.assumingMemoryBound(to: UInt8.self)) }.get()
    }

    public func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { parseResult($0) }.get()
    }

    /// Parses bytes the caller already holds in memory (a memory-mapped file, a request body).
    public func parse(_ buffer: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        try parseResult(buffer).get()
    }

    private func parseResult(_ buffer: UnsafeBufferPointer<UInt8>) -> Result<JSONValue, JSONParseError> {
        var scanner = Scanner(bytes: buffer, maximumDepth: maximumDepth)
        do throws(JSONParseError) {
            return .success(try scanner.parseDocument())
        } catch {
            return .failure(error)
        }
    }
}

/// Exact powers of ten: every one up to 1e22 is representable, which is what makes the fast
/// path of number parsing correctly rounded.
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

private enum ASCII {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let lowerE = UInt8(ascii: "e")
    static let upperE = UInt8(ascii: "E")
}

/// Elements of the arrays and objects still open, moved (not copied) into their final array
/// when the container closes: a file of a million coordinate pairs would otherwise pay a retain
/// and a release per element.
private final class ValueStack {
    typealias Element = JSONValue
    private var base: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 256) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    @inline(__always)
    func push(_ element: consuming Element) {
        if count == capacity { grow() }
        (base + count).initialize(to: element)
        count += 1
    }

    private func grow() {
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity *= 2
    }

    /// Removes the elements from `start` on, returning them as an array of exactly that size.
    func pop(from start: Int) -> [Element] {
        let moved = count - start
        guard moved > 0 else { return [] }
        let source = base + start
        count = start
        // Positions are most arrays in GeoJSON. An array literal allocates through a cached
        // metadata accessor, where the general initializer looks the storage type up each time.
        if moved == 2 { return [source.move(), (source + 1).move()] }
        return [Element](unsafeUninitializedCapacity: moved) { buffer, initialized in
            if let destination = buffer.baseAddress {
                destination.moveInitialize(from: source, count: moved)
                initialized = moved
            } else {
                source.deinitialize(count: moved)
                initialized = 0
            }
        }
    }
}

/// The parsing state over one buffer. Values under construction live on two shared stacks so
/// every array and object is allocated once, at its final size, when it closes.
private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    let maximumDepth: Int
    var position = 0
    var depth = 0
    let valueStack = ValueStack()
    var keyStack: [String] = []
    var scratch: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int) {
        self.bytes = bytes
        self.end = bytes.count
        self.maximumDepth = maximumDepth
        keyStack.reserveCapacity(64)
    }

    // MARK: Document

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if end >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
            position = 3
        } else if end >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)) {
            throw fail("UTF-8 text (this file starts with a UTF-16 byte order mark; save it as UTF-8)")
        }
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        guard position == end else { throw fail("the end of input after the top-level value") }
        return value
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < end {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// Parses the value starting at `position`, which must not be whitespace.
    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard position < end else { throw fail("a value") }
        switch bytes[position] {
        case ASCII.openBrace:
            return try parseObject()
        case ASCII.openBracket:
            return try parseArray()
        case ASCII.quote:
            return .string(try parseString())
        case ASCII.minus, ASCII.zero...ASCII.nine:
            return .number(try parseNumber())
        case UInt8(ascii: "t"):
            try expectLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try expectLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try expectLiteral("null")
            return .null
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw fail("a value (NaN and Infinity are not JSON numbers; write null)")
        default:
            throw fail("a value (object, array, string, number, true, false or null)")
        }
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let text = literal.utf8Start
        for k in 0..<count {
            guard position + k < end, bytes[position + k] == text[k] else {
                throw fail(at: position + k, "'\(literal)'")
            }
        }
        position += count
    }

    mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > maximumDepth { throw fail("at most \(maximumDepth) levels of nesting") }
    }

    // MARK: Containers

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        position += 1
        skipWhitespace()
        if position < end && bytes[position] == ASCII.closeBracket {
            position += 1
            depth -= 1
            return .array([])
        }
        let base = valueStack.count
        while true {
            valueStack.push(try parseValue())
            skipWhitespace()
            guard position < end else { throw fail("',' or ']' after an array element") }
            let byte = bytes[position]
            if byte == ASCII.comma {
                position += 1
                skipWhitespace()
                if position < end && bytes[position] == ASCII.closeBracket {
                    throw fail("a value after ',' (trailing commas are not allowed)")
                }
            } else if byte == ASCII.closeBracket {
                position += 1
                break
            } else {
                throw fail("',' or ']' after an array element")
            }
        }
        let items = valueStack.pop(from: base)
        depth -= 1
        return .array(items)
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        position += 1
        skipWhitespace()
        if position < end && bytes[position] == ASCII.closeBrace {
            position += 1
            depth -= 1
            return .object(JSONObject())
        }
        guard position < end, bytes[position] == ASCII.quote else {
            throw fail("a string key in double quotes, or '}'")
        }
        let keyBase = keyStack.count
        let valueBase = valueStack.count
        while true {
            let key = try parseString()
            skipWhitespace()
            guard position < end, bytes[position] == ASCII.colon else {
                throw fail("':' after the object key \"\(key)\"")
            }
            position += 1
            skipWhitespace()
            let value = try parseValue()
            keyStack.append(key)
            valueStack.push(value)
            skipWhitespace()
            guard position < end else { throw fail("',' or '}' after an object member") }
            let byte = bytes[position]
            if byte == ASCII.comma {
                position += 1
                skipWhitespace()
                guard position < end, bytes[position] == ASCII.quote else {
                    if position < end && bytes[position] == ASCII.closeBrace {
                        throw fail("a member after ',' (trailing commas are not allowed)")
                    }
                    throw fail("a string key in double quotes")
                }
            } else if byte == ASCII.closeBrace {
                position += 1
                break
            } else {
                throw fail("',' or '}' after an object member")
            }
        }
        let object = JSONObject(keys: Array(keyStack[keyBase...]), values: valueStack.pop(from: valueBase))
        keyStack.removeLast(keyStack.count - keyBase)
        depth -= 1
        return .object(object)
    }

    // MARK: Strings

    /// Parses the string whose opening quote is at `position`.
    mutating func parseString() throws(JSONParseError) -> String {
        let open = position
        position += 1
        let start = position
        var highBits: UInt8 = 0
        while position < end {
            let byte = bytes[position]
            if byte == ASCII.quote {
                let content = UnsafeBufferPointer(rebasing: bytes[start..<position])
                position += 1
                if highBits & 0x80 == 0 {
                    return String(decoding: content, as: UTF8.self)
                }
                guard let text = String(validating: content, as: UTF8.self) else {
                    throw invalidUTF8(in: start..<(position - 1))
                }
                return text
            }
            if byte == ASCII.backslash {
                return try parseEscapedString(open: open, start: start)
            }
            if byte < 0x20 { throw unescapedControlCharacter() }
            highBits |= byte
            position += 1
        }
        throw unterminatedString(open: open)
    }

    /// The slow path, taken from the first backslash on: decodes into `scratch`.
    mutating func parseEscapedString(open: Int, start: Int) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: bytes[start..<position])
        while position < end {
            let byte = bytes[position]
            if byte == ASCII.quote {
                let close = position
                position += 1
                guard let text = String(validating: scratch, as: UTF8.self) else {
                    throw invalidUTF8(in: start..<close)
                }
                return text
            }
            if byte < 0x20 { throw unescapedControlCharacter() }
            if byte != ASCII.backslash {
                scratch.append(byte)
                position += 1
                continue
            }
            position += 1
            guard position < end else { break }
            switch bytes[position] {
            case ASCII.quote: scratch.append(0x22)
            case ASCII.backslash: scratch.append(0x5C)
            case ASCII.slash: scratch.append(0x2F)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                position += 1
                try appendUnicodeEscape()
                continue
            default:
                throw fail("an escape sequence: \\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX")
            }
            position += 1
        }
        throw unterminatedString(open: open)
    }

    /// Decodes `XXXX` (and a following `\uXXXX` low surrogate when `XXXX` is a high one), with
    /// `position` just after the `u`.
    mutating func appendUnicodeEscape() throws(JSONParseError) {
        let escapeStart = position - 2
        let unit = try readHex4()
        let scalar: UInt32
        switch unit {
        case 0xD800...0xDBFF:
            guard position + 1 < end, bytes[position] == ASCII.backslash, bytes[position + 1] == UInt8(ascii: "u")
            else {
                throw fail("a low surrogate \\uDC00–\\uDFFF to complete the pair begun by \\u\(hex4(unit))")
            }
            let lowStart = position
            position += 2
            let low = try readHex4()
            guard (0xDC00...0xDFFF).contains(low) else {
                throw fail(
                    at: lowStart,
                    "a low surrogate \\uDC00–\\uDFFF to complete the pair begun by \\u\(hex4(unit))")
            }
            scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
        case 0xDC00...0xDFFF:
            throw fail(at: escapeStart, "a high surrogate \\uD800–\\uDBFF before the low surrogate \\u\(hex4(unit))")
        default:
            scalar = unit
        }
        appendUTF8(scalar)
    }

    mutating func readHex4() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard position < end else { throw fail("four hexadecimal digits after \\u") }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case ASCII.zero...ASCII.nine: digit = byte - ASCII.zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("four hexadecimal digits after \\u")
            }
            value = value << 4 | UInt32(digit)
            position += 1
        }
        return value
    }

    mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | (scalar >> 6)))
            scratch.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | (scalar >> 12)))
            scratch.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            scratch.append(UInt8(0xF0 | (scalar >> 18)))
            scratch.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            scratch.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }

    // MARK: Numbers

    /// Parses the number at `position`, enforcing the JSON grammar
    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func parseNumber() throws(JSONParseError) -> Double {
        let start = position
        var negative = false
        if bytes[position] == ASCII.minus {
            negative = true
            position += 1
        }
        guard position < end, isDigit(bytes[position]) else { throw fail("a digit after '-'") }

        // Up to 19 significant digits fit in a UInt64; further digits only matter to the
        // slow path, which re-reads the whole literal.
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var decimalExponent = 0
        var truncated = false

        if bytes[position] == ASCII.zero {
            position += 1
            if position < end && isDigit(bytes[position]) {
                throw fail("'.', 'e' or the end of the number after a leading 0 (JSON numbers have no leading zeros)")
            }
        } else {
            while position < end, isDigit(bytes[position]) {
                let digit = UInt64(bytes[position] &- ASCII.zero)
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ digit
                    significantDigits += 1
                } else {
                    decimalExponent += 1
                    if digit != 0 { truncated = true }
                }
                position += 1
            }
        }

        if position < end && bytes[position] == ASCII.dot {
            position += 1
            guard position < end, isDigit(bytes[position]) else { throw fail("a digit after the decimal point") }
            while position < end, isDigit(bytes[position]) {
                let digit = UInt64(bytes[position] &- ASCII.zero)
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ digit
                    if mantissa != 0 { significantDigits += 1 }
                    decimalExponent -= 1
                } else if digit != 0 {
                    truncated = true
                }
                position += 1
            }
        }

        if position < end && (bytes[position] == ASCII.lowerE || bytes[position] == ASCII.upperE) {
            position += 1
            var exponentNegative = false
            if position < end && (bytes[position] == ASCII.plus || bytes[position] == ASCII.minus) {
                exponentNegative = bytes[position] == ASCII.minus
                position += 1
            }
            guard position < end, isDigit(bytes[position]) else { throw fail("a digit in the exponent") }
            var exponent = 0
            while position < end, isDigit(bytes[position]) {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[position] &- ASCII.zero) }
                position += 1
            }
            decimalExponent += exponentNegative ? -exponent : exponent
        }

        if mantissa == 0 && !truncated { return negative ? -0.0 : 0.0 }
        if !truncated && mantissa <= 1 << 53 {
            let m = Double(mantissa)
            if decimalExponent == 0 { return negative ? -m : m }
            if decimalExponent > 0 && decimalExponent <= 22 {
                let value = m * exactPowersOfTen[decimalExponent]
                return negative ? -value : value
            }
            if decimalExponent < 0 && decimalExponent >= -22 {
                let value = m / exactPowersOfTen[-decimalExponent]
                return negative ? -value : value
            }
        }
        // Long or extreme literals: the standard library's correctly rounded conversion.
        let literal = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        guard let value = Double(literal) else { throw fail(at: start, "a number") }
        return value
    }

    @inline(__always)
    func isDigit(_ byte: UInt8) -> Bool {
        byte &- ASCII.zero < 10
    }

    // MARK: Errors

    func fail(_ expected: String) -> JSONParseError {
        fail(at: position, expected)
    }

    func fail(at offset: Int, _ expected: String) -> JSONParseError {
        JSONParseError.at(offset, in: bytes, expected: expected)
    }

    func unescapedControlCharacter() -> JSONParseError {
        fail("'\"' to close the string (control characters such as line breaks must be escaped inside strings, e.g. \\n)")
    }

    func unterminatedString(open: Int) -> JSONParseError {
        let opening = JSONParseError.at(open, in: bytes, expected: "")
        return fail(
            at: end, "'\"' to close the string that starts at line \(opening.line), column \(opening.column)")
    }

    /// Points at the first byte that is not UTF-8: escapes are ASCII, so validating the raw
    /// bytes finds the same fault the decoded string has.
    func invalidUTF8(in range: Range<Int>) -> JSONParseError {
        var offset = range.lowerBound
        var iterator = UnsafeBufferPointer(rebasing: bytes[range]).makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .error: break loop
            case .emptyInput: break loop
            }
        }
        return fail(at: offset, "UTF-8 text (the file may be in GBK or another legacy encoding; convert it to UTF-8)")
    }

    func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}
