namespace Utilities.Platform.History;

/// <summary>
/// One module's part of an account's full history, for the extract an operator issues on request at
/// the centre (issue 11: data older than the consumers' history window). Modules implement it over
/// their own data; the host puts the sections together in <see cref="Order"/>. No window applies.
/// </summary>
public interface IAccountHistorySource
{
    /// <summary>Where the module's sections go in the extract (contracts first, then metering, billing…).</summary>
    int Order { get; }

    /// <summary>The module's sections for the account, in the current UI culture; empty when it holds nothing of it.</summary>
    Task<IReadOnlyList<AccountHistorySection>> ReadAsync(long accountId, CancellationToken cancellationToken);
}

/// <summary>A table of the extract: a title, column headings and rows of text (already formatted).</summary>
public sealed record AccountHistorySection(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows);
