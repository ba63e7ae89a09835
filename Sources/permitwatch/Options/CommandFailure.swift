import ArgumentParser
import PermitWatch
import Store

/// Turns the library's errors into a plain message on standard error and a non-zero exit.
enum CommandFailure {
    static func reporting<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let rejected as RejectedInput {
            printError("error: " + rejected.description.replacingOccurrences(of: "\n", with: "\nerror: "))
            throw ExitCode(2)
        } catch let failure as ValidationFailure {
            throw ValidationError(failure.description)
        } catch let error as AnalyticsError {
            printError("error: \(error)")
            throw ExitCode(2)
        } catch let error as QueryError {
            printError("error: \(error)")
            throw ExitCode(2)
        } catch let error as StoreError {
            printError("error: database: \(error)")
            throw ExitCode(3)
        }
    }
}
