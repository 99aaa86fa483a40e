namespace Utilities.Platform.Modules;

/// <summary>
/// A link a module contributes to a shell's menu. The title is a key in the resources of
/// <paramref name="Resources"/> so that every language gets its own text.
/// </summary>
/// <param name="Roles">Staff roles allowed to see the entry; empty means every signed-in user of the shell.</param>
public sealed record MenuEntry(UiShell Shell, string Path, string TitleKey, Type Resources, int Order = 100, params string[] Roles);
