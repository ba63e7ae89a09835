import Foundation
import GeoKit
import Store

/// One declared parameter of a catalog query.
public struct QueryParameter: Sendable, Equatable {
    /// What a parameter's value is, and so how it is checked and bound.
    public enum Kind: String, Sendable, CaseIterable {
        case text, code, integer, real, date, isoweek, bbox, point

        /// What a value of this kind looks like, for error messages and help.
        public var expected: String {
            switch self {
            case .text: "text"
            case .code: "a code (letters, digits, _ - .)"
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

    public var name: String
    public var kind: Kind
    public var requirement: Requirement
    public var description: String

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
        func invalid() -> QueryError { .invalidParameter(query: query, parameter: name, value: value, expected: kind.expected) }
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        switch kind {
        case .text:
            return [name: .text(value)]
        case .code:
            guard !trimmed.isEmpty, trimmed.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) || "_-.".unicodeScalars.contains($0) })
            else { throw invalid() }
            return [name: .text(trimmed)]
        case .integer:
            guard let v = Int64(trimmed) else { throw invalid() }
            return [name: .integer(v)]
        case .real:
            guard let v = Double(trimmed), v.isFinite else { throw invalid() }
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
}
