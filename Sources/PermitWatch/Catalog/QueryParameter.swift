import Enforcement
import Foundation
import GeoKit
import Store

/// One declared parameter of a catalog query.
public struct QueryParameter: Sendable, Equatable {
    /// What a parameter's value is, and so how it is checked and bound.
    public enum Kind: String, Sendable, CaseIterable {
        case text, code, integer, real, date, isoweek, bbox, point
        /// A source status in English or Chinese (`unlicensed`, `无证`), bound as its English name.
        case status
        /// An event kind (`rectified`, `notice_issued`…).
        case event
        /// The code of an area the database holds (checked against it before the query runs).
        case area
        /// One of the words the declaration lists (`choice+admin+square`), and nothing else.
        case choice

        /// What a value of this kind looks like, for error messages and help.
        public var expected: String {
            switch self {
            case .text: "text"
            case .code: "a code (letters, digits, _ - .)"
            case .status:
                "a status: " + SourceStatus.allCases.map(\.rawValue).joined(separator: ", ")
                    + " (or as a register writes it in Chinese: 无证, 排污许可, 登记, 整改, 特殊)"
            case .event: "an event kind: " + EventKind.allCases.map(\.rawValue).joined(separator: ", ")
            case .area: DataChecks.areaExpected
            case .choice: "one of the listed words"
            case .integer: "an integer"
            case .real: "a number"
            case .date: "a date YYYY-MM-DD"
            case .isoweek: "an ISO week such as 2020-W40"
            case .bbox: "a box minlon,minlat,maxlon,maxlat (WGS-84)"
            case .point: "a point lon,lat (WGS-84)"
            }
        }
    }

    public enum Requirement: Sendable, Equatable {
        case required
        case optional
        case defaultValue(String)
    }

    /// A limit on the values a parameter takes beyond its kind, declared after the type
    /// (`real>0`, `integer>=1`, `date>=from`): a value outside it could only give an empty or
    /// meaningless answer, so it is refused instead.
    public enum Bound: Sendable, Equatable {
        /// A number greater than this.
        case above(Double)
        /// A number at least this.
        case atLeast(Double)
        /// A date not before the date parameter of this name (when both are given).
        case notBefore(String)

        var expected: String {
            switch self {
            case .above(let limit): "above \(ParameterError.text(limit))"
            case .atLeast(let limit): "from \(ParameterError.text(limit))"
            case .notBefore(let other): "on or after \(other)"
            }
        }
    }

    public var name: String
    public var kind: Kind
    public var requirement: Requirement
    public var description: String
    public var bound: Bound?
    /// Words accepted besides the kind's values and bound as written (`status+all`: `all`).
    public var alsoAccepted: [String] = []

    public init(name: String, kind: Kind, requirement: Requirement, description: String, bound: Bound? = nil, alsoAccepted: [String] = []) {
        self.name = name
        self.kind = kind
        self.requirement = requirement
        self.description = description
        self.bound = bound
        self.alsoAccepted = alsoAccepted
    }

    /// What a value must be, with the bound and the extra words: for messages and `--list`.
    public var expected: String {
        if kind == .choice { return "one of " + alsoAccepted.joined(separator: ", ") }
        var text = kind.expected
        if let bound {
            switch (kind, bound) {
            case (.text, .atLeast(let length)): text = "text of at least \(ParameterError.text(length)) characters"
            case (.integer, _): text = "an integer " + bound.expected
            case (.real, _): text = "a number " + bound.expected
            default: text += ", " + bound.expected
            }
        }
        if !alsoAccepted.isEmpty { text += ", or " + alsoAccepted.joined(separator: " or ") }
        return text
    }

    /// The type as the header declares it (`real>0`, `status+all`).
    public var declaredType: String {
        var text = kind.rawValue
        switch bound {
        case .above(let limit): text += ">" + ParameterError.text(limit)
        case .atLeast(let limit): text += ">=" + ParameterError.text(limit)
        case .notBefore(let other): text += ">=" + other
        case nil: break
        }
        return text + alsoAccepted.map { "+" + $0 }.joined()
    }

    /// The placeholders this parameter binds, with their values, for `value` (nil: not given).
    /// A point's `_x`, `_y` are metres of `metricCRS`, the store's (NULL without one: a check
    /// of the values before any store is open, or a store without data).
    ///
    /// - Throws: `QueryError.invalidParameter` when `value` is not of the parameter's kind.
    func bindings(for value: String?, query: String, metricCRS: MetricCRS?) throws -> [String: SQLValue] {
        let placeholders: [String] = switch kind {
        case .isoweek: [name, name + "_start", name + "_end"]
        case .bbox: [name + "_minlon", name + "_minlat", name + "_maxlon", name + "_maxlat"]
        case .point: [name + "_lon", name + "_lat", name + "_x", name + "_y"]
        default: [name]
        }
        guard let value else {
            return Dictionary(uniqueKeysWithValues: placeholders.map { ($0, SQLValue.null) })
        }
        func invalid() -> QueryError { .invalidParameter(query: query, parameter: name, value: value, expected: expected) }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if alsoAccepted.contains(trimmed.lowercased()) { return [name: .text(trimmed.lowercased())] }
        switch kind {
        case .text:
            if case .atLeast(let length) = bound, Double(trimmed.count) < length { throw invalid() }
            return [name: .text(value)]
        case .status:
            guard let status = SourceStatus(parsing: trimmed) else { throw invalid() }
            return [name: .text(status.rawValue)]
        case .event:
            guard let event = EventKind(rawValue: trimmed.lowercased()) else { throw invalid() }
            return [name: .text(event.rawValue)]
        case .choice:
            throw invalid()
        case .code, .area:
            guard !trimmed.isEmpty, trimmed.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "_-.".unicodeScalars.contains($0) })
            else { throw invalid() }
            return [name: .text(trimmed)]
        case .integer:
            guard let v = Int64(trimmed), within(Double(v)) else { throw invalid() }
            return [name: .integer(v)]
        case .real:
            guard let v = Double(trimmed), v.isFinite, within(v) else { throw invalid() }
            return [name: .real(v)]
        case .date:
            guard let date = DateText.normalize(trimmed) else { throw invalid() }
            return [name: .text(date)]
        case .isoweek:
            guard let week = ISOWeek(parsing: trimmed) else { throw invalid() }
            return [name: .text(week.description), name + "_start": .text(week.monday), name + "_end": .text(week.sunday)]
        case .bbox:
            let numbers = trimmed.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard numbers.count == 4, let a = numbers[0], let b = numbers[1], let c = numbers[2], let d = numbers[3],
                a < c, b < d, (-180...180).contains(a), (-180...180).contains(c), (-90...90).contains(b), (-90...90).contains(d)
            else { throw invalid() }
            return [name + "_minlon": .real(a), name + "_minlat": .real(b), name + "_maxlon": .real(c), name + "_maxlat": .real(d)]
        case .point:
            let numbers = trimmed.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard numbers.count == 2, let lon = numbers[0], let lat = numbers[1], (-180...180).contains(lon), (-90...90).contains(lat)
            else { throw invalid() }
            let projected = metricCRS?.forward(Coordinate(lon, lat))
            return [
                name + "_lon": .real(lon), name + "_lat": .real(lat),
                name + "_x": projected.map { .real($0.x) } ?? .null, name + "_y": projected.map { .real($0.y) } ?? .null,
            ]
        }
    }

    /// Whether a number meets the declared bound.
    private func within(_ number: Double) -> Bool {
        switch bound {
        case .above(let limit): number > limit
        case .atLeast(let limit): number >= limit
        case .notBefore, nil: true
        }
    }
}
