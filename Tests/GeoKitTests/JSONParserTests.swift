import Foundation
import Testing

import GeoKit

@Suite("JSONParser")
struct JSONParserTests {
    static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        try JSONParser().parse(Array(text.utf8))
    }

    static func parseError(_ bytes: [UInt8], maximumDepth: Int = 512) -> JSONParseError? {
        do {
            _ = try JSONParser(maximumDepth: maximumDepth).parse(bytes)
            return nil
        } catch {
            return error
        }
    }

    // MARK: Grammar

    @Test("literals and top-level scalars")
    func scalars() throws {
        #expect(try Self.parse("null") == .null)
        #expect(try Self.parse(" true ") == .bool(true))
        #expect(try Self.parse("\n\tfalse\r\n") == .bool(false))
        #expect(try Self.parse("\"\"") == .string(""))
        #expect(try Self.parse("0") == .number(0))
    }

    @Test(
        "numbers",
        arguments: [
            ("0", 0.0), ("-0", -0.0), ("1", 1), ("-1", -1), ("12.5", 12.5), ("113.1234567", 113.1234567),
            ("-0.5", -0.5), ("1e3", 1000), ("1E3", 1000), ("1e+3", 1000), ("1.5e-3", 0.0015), ("2E-2", 0.02),
            ("0.1", 0.1), ("9007199254740993", 9_007_199_254_740_992), ("123456789012345678901234567890", 1.2345678901234568e29),
            ("0.000000000000000000000000000001", 1e-30), ("1.7976931348623157e308", .greatestFiniteMagnitude),
            ("5e-324", .leastNonzeroMagnitude), ("2555783.9287828063", 2555783.9287828063), ("23.999999999999999999", 24),
            ("1e400", .infinity), ("-1e400", -.infinity), ("1e-400", 0),
        ])
    func numbers(text: String, expected: Double) throws {
        let value = try #require(try Self.parse(text).doubleValue)
        #expect(value == expected)
        #expect(value.sign == expected.sign)
    }

    @Test("every number parses to the same double as the standard library's conversion")
    func numberSweep() throws {
        // Deterministic pseudo-random doubles in coordinate, metre and property ranges, printed in
        // the forms files use: shortest round trip, fixed decimals, and exponent notation.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var texts: [String] = []
        for _ in 0..<5000 {
            let lon = 109 + next() * 9, lat = 20 + next() * 6, metres = next() * 3_000_000
            texts.append(lon.description)
            texts.append(String(format: "%.7f", lat))
            texts.append(String(format: "%.3f", metres))
            texts.append(String(format: "%.17g", next() * pow(10, next() * 40 - 20)))
            texts.append(String(format: "%.12e", -next() * 1e-5))
        }
        let document = "[" + texts.joined(separator: ",") + "]"
        let parsed = try #require(try Self.parse(document).arrayValue)
        #expect(parsed.count == texts.count)
        for (text, value) in zip(texts, parsed) where value.doubleValue != Double(text) {
            Issue.record("\(text) parsed as \(String(describing: value.doubleValue)), expected \(String(describing: Double(text)))")
        }
    }

    @Test("string escapes, \\u escapes and surrogate pairs")
    func strings() throws {
        #expect(try Self.parse(#""a\"b\\c\/d\be\ff\ng\rh\ti""#) == .string("a\"b\\c/d\u{8}e\u{C}f\ng\rh\ti"))
        #expect(try Self.parse(#""\u00e9\u4E2D\u6587""#) == .string("é中文"))
        #expect(try Self.parse(#""\ud83d\ude00 ok""#) == .string("😀 ok"))
        #expect(try Self.parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try Self.parse("\"天河区 石牌街道\"") == .string("天河区 石牌街道"))
        #expect(try Self.parse("\"广州\\n深圳\"") == .string("广州\n深圳"))
    }

    @Test("arrays and objects keep order; look-up takes the last duplicate")
    func containers() throws {
        let value = try Self.parse(#"{"b": [1, [2, []], {}], "a": {"x": null}, "名称": "天河", "b": 3}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["b", "a", "名称", "b"])
        #expect(object["b"] == .number(3))
        #expect(object.values.first == .array([.number(1), .array([.number(2), .array([])]), .object(JSONObject())]))
        #expect(value["a"]?["x"] == .null)
        #expect(value["名称"]?.stringValue == "天河")
        #expect(value["missing"] == nil)
    }

    @Test("large objects use the hashed look-up with the same answers")
    func largeObject() throws {
        let members = (0..<100).map { "\"k\($0)\": \($0)" }.joined(separator: ",")
        let object = try #require(try Self.parse("{\(members), \"k5\": -5}").objectValue)
        #expect(object.count == 101)
        #expect(object["k99"] == .number(99))
        #expect(object["k5"] == .number(-5))
        #expect(object["K99"] == nil)
        #expect(object.value(forKeyIgnoringCase: "K99") == .number(99))
    }

    @Test("case-insensitive look-up prefers an exact match")
    func caseInsensitive() throws {
        let object = try #require(try Self.parse(#"{"NAME": "upper", "name": "lower", "Code": 1}"#).objectValue)
        #expect(object.value(forKeyIgnoringCase: "name") == .string("lower"))
        #expect(object.value(forKeyIgnoringCase: "NAME") == .string("upper"))
        #expect(object.value(forKeyIgnoringCase: "code") == .number(1))
        #expect(object.value(forKeyIgnoringCase: "id") == nil)
    }

    @Test("Data, String and byte entry points, and a UTF-8 byte order mark")
    func entryPoints() throws {
        let text = #"{"a": [1, "二"]}"#
        let expected: JSONValue = ["a": [1, "二"]]
        #expect(try JSONParser().parse(text) == expected)
        #expect(try JSONParser().parse(Data(text.utf8)) == expected)
        #expect(try JSONParser().parse([0xEF, 0xBB, 0xBF] + Array(text.utf8)) == expected)
    }

    @Test("accessors")
    func accessors() throws {
        let value = try Self.parse(#"{"i": 12, "f": 12.5, "s": "x", "b": true, "n": null}"#)
        #expect(value["i"]?.intValue == 12)
        #expect(value["f"]?.intValue == nil)
        #expect(value["f"]?.doubleValue == 12.5)
        #expect(value["s"]?.stringValue == "x")
        #expect(value["b"]?.boolValue == true)
        #expect(value["n"]?.isNull == true)
        #expect(value["s"]?.intValue == nil)
    }

    // MARK: Errors

    struct ErrorCase: CustomTestStringConvertible, Sendable {
        let name: String
        let input: [UInt8]
        let line: Int
        let column: Int
        let offset: Int
        let expected: String
        let found: String
        var testDescription: String { name }

        init(_ name: String, _ text: String, line: Int, column: Int, offset: Int, expected: String, found: String) {
            self.init(name, Array(text.utf8), line: line, column: column, offset: offset, expected: expected, found: found)
        }

        init(_ name: String, _ input: [UInt8], line: Int, column: Int, offset: Int, expected: String, found: String) {
            self.name = name
            self.input = input
            self.line = line
            self.column = column
            self.offset = offset
            self.expected = expected
            self.found = found
        }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase("empty input", "", line: 1, column: 1, offset: 0, expected: "a value", found: "end of input"),
        ErrorCase("only whitespace", " \n ", line: 2, column: 2, offset: 3, expected: "a value", found: "end of input"),
        ErrorCase(
            "trailing comma in object", #"{"a":1,}"#, line: 1, column: 8, offset: 7,
            expected: "a member after ',' (trailing commas are not allowed)", found: "'}'"),
        ErrorCase(
            "trailing comma in array", "[1,2,\n]", line: 2, column: 1, offset: 6,
            expected: "a value after ',' (trailing commas are not allowed)", found: "']'"),
        ErrorCase(
            "unclosed array", "[1,2", line: 1, column: 5, offset: 4,
            expected: "',' or ']' after an array element", found: "end of input"),
        ErrorCase(
            "missing comma", "[1 2]", line: 1, column: 4, offset: 3,
            expected: "',' or ']' after an array element", found: "'2'"),
        ErrorCase(
            "misspelt literal on line 2", "{\n  \"a\": tru\n}", line: 2, column: 11, offset: 12,
            expected: "'true'", found: "a line break"),
        ErrorCase(
            "missing colon", #"{"a" 1}"#, line: 1, column: 6, offset: 5,
            expected: "':' after the object key \"a\"", found: "'1'"),
        ErrorCase(
            "unquoted key", "{a:1}", line: 1, column: 2, offset: 1,
            expected: "a string key in double quotes, or '}'", found: "'a'"),
        ErrorCase(
            "single-quoted key after comma", "{\"a\":1,'b':2}", line: 1, column: 8, offset: 7,
            expected: "a string key in double quotes", found: "'''"),
        ErrorCase(
            "leading zero", "[01]", line: 1, column: 3, offset: 2,
            expected: "'.', 'e' or the end of the number after a leading 0 (JSON numbers have no leading zeros)",
            found: "'1'"),
        ErrorCase("bare minus", "[-]", line: 1, column: 3, offset: 2, expected: "a digit after '-'", found: "']'"),
        ErrorCase(
            "no fraction digits", "[1.]", line: 1, column: 4, offset: 3,
            expected: "a digit after the decimal point", found: "']'"),
        ErrorCase("no exponent digits", "[1e+]", line: 1, column: 5, offset: 4, expected: "a digit in the exponent", found: "']'"),
        ErrorCase(
            "NaN", "[113.2, NaN]", line: 1, column: 9, offset: 8,
            expected: "a value (NaN and Infinity are not JSON numbers; write null)", found: "'N'"),
        ErrorCase(
            "unterminated string", "[\"abc", line: 1, column: 6, offset: 5,
            expected: "'\"' to close the string that starts at line 1, column 2", found: "end of input"),
        ErrorCase(
            "raw line break in string", "\"a\nb\"", line: 1, column: 3, offset: 2,
            expected: "'\"' to close the string (control characters such as line breaks must be escaped inside strings, e.g. \\n)",
            found: "a line break"),
        ErrorCase(
            "bad escape", #""a\x""#, line: 1, column: 4, offset: 3,
            expected: #"an escape sequence: \" \\ \/ \b \f \n \r \t or \uXXXX"#, found: "'x'"),
        ErrorCase(
            "bad hex digit", #""\u12G4""#, line: 1, column: 6, offset: 5,
            expected: #"four hexadecimal digits after \u"#, found: "'G'"),
        ErrorCase(
            "lone high surrogate", #""\uD83D x""#, line: 1, column: 8, offset: 7,
            expected: #"a low surrogate \uDC00–\uDFFF to complete the pair begun by \uD83D"#, found: "a space"),
        ErrorCase(
            "high surrogate followed by a non-surrogate", #""\uD83D\u0041""#, line: 1, column: 8, offset: 7,
            expected: #"a low surrogate \uDC00–\uDFFF to complete the pair begun by \uD83D"#, found: #"'\'"#),
        ErrorCase(
            "lone low surrogate", #"["\uDE00"]"#, line: 1, column: 3, offset: 2,
            expected: #"a high surrogate \uD800–\uDBFF before the low surrogate \uDE00"#, found: #"'\'"#),
        ErrorCase(
            "GBK bytes are not UTF-8", [0x7B, 0x22, 0x6E, 0x22, 0x3A, 0x22, 0x41, 0xCC, 0xEC, 0xBA, 0xD3, 0x22, 0x7D],
            line: 1, column: 8, offset: 7,
            expected: "UTF-8 text (the file may be in GBK or another legacy encoding; convert it to UTF-8)",
            found: "byte 0xCC (not UTF-8)"),
        ErrorCase(
            "UTF-16 byte order mark", [0xFF, 0xFE, 0x5B, 0x00, 0x5D, 0x00], line: 1, column: 1, offset: 0,
            expected: "UTF-8 text (this file starts with a UTF-16 byte order mark; save it as UTF-8)",
            found: "byte 0xFF (not UTF-8)"),
        ErrorCase(
            "content after the value", "{} {}", line: 1, column: 4, offset: 3,
            expected: "the end of input after the top-level value", found: "'{'"),
        ErrorCase(
            "columns count characters, not bytes", "{\"名称\": x}", line: 1, column: 8, offset: 11,
            expected: "a value (object, array, string, number, true, false or null)", found: "'x'"),
        ErrorCase(
            "Chinese character where a value belongs", "[天]", line: 1, column: 2, offset: 1,
            expected: "a value (object, array, string, number, true, false or null)", found: "'天'"),
        ErrorCase(
            "control character outside strings", "[\u{1}]", line: 1, column: 2, offset: 1,
            expected: "a value (object, array, string, number, true, false or null)", found: "control character U+0001"),
    ]

    @Test("errors name the line, column, offset and what was expected", arguments: errorCases)
    func errors(errorCase: ErrorCase) throws {
        let error = try #require(Self.parseError(errorCase.input))
        #expect(error.line == errorCase.line)
        #expect(error.column == errorCase.column)
        #expect(error.offset == errorCase.offset)
        #expect(error.expected == errorCase.expected)
        #expect(error.found == errorCase.found)
    }

    @Test("the description reads as one sentence")
    func errorDescription() throws {
        let error = try #require(Self.parseError(Array("{\n  \"type\": \"Feature\",\n}".utf8)))
        #expect(
            error.description
                == "line 3, column 1 (byte 23): expected a member after ',' (trailing commas are not allowed), found '}'")
    }

    @Test("nesting deeper than the limit is an error, not a crash")
    func depthLimit() throws {
        let deep = Array(repeating: UInt8(ascii: "["), count: 100_000)
        let error = try #require(Self.parseError(deep))
        #expect(error.expected == "at most 512 levels of nesting")
        #expect(error.offset == 512)
        let shallow = Array(repeating: UInt8(ascii: "["), count: 6) + Array(repeating: UInt8(ascii: "]"), count: 6)
        #expect(Self.parseError(shallow, maximumDepth: 6) == nil)
        #expect(Self.parseError(shallow, maximumDepth: 5)?.expected == "at most 5 levels of nesting")
    }

    /// Every construct of a feature: strings with escapes and Chinese text, numbers with
    /// fractions and exponents, literals, nesting, and a line break between members.
    static let feature = Array(
        (#"{"type":"Feature","properties":{"名称":"天河区","n":-12.5e3,"a":[true,false,null],"s":"\u5e7f\n"},"#
            + "\n" + #""geometry":{"type":"Point","coordinates":[113.361,23.1247]}}"#).utf8)

    @Test("a file cut short anywhere is rejected at the cut, with its line")
    func truncations() throws {
        #expect(Self.parseError(Self.feature) == nil)
        for length in 0..<Self.feature.count {
            let prefix = Array(Self.feature[..<length])
            let error = try #require(Self.parseError(prefix), "the first \(length) bytes parsed")
            #expect(error.offset == length, "cut after \(length) bytes")
            #expect(error.found == "end of input", "cut after \(length) bytes")
            #expect(error.line == 1 + prefix.filter { $0 == UInt8(ascii: "\n") }.count, "cut after \(length) bytes")
        }
    }

    @Test("a corrupted byte anywhere is parsed or rejected with a position inside the file")
    func corruptions() {
        let replacements: [UInt8] = [0x00, 0x0A, 0x22, 0x2C, 0x30, 0x5C, 0x5D, 0x7D, 0x80, 0xE5, 0xFF]
        for position in Self.feature.indices {
            for replacement in replacements where Self.feature[position] != replacement {
                var corrupted = Self.feature
                corrupted[position] = replacement
                guard let error = Self.parseError(corrupted) else { continue }
                #expect((0...corrupted.count).contains(error.offset), "byte \(position) set to \(replacement)")
                #expect(error.line >= 1 && error.column >= 1, "byte \(position) set to \(replacement)")
                #expect(!error.expected.isEmpty && !error.found.isEmpty, "byte \(position) set to \(replacement)")
            }
        }
    }
}
