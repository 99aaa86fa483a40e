using System.Reflection;
using System.Text.RegularExpressions;
using ArchUnitNET.Fluent;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Utilities.Architecture.Tests;

/// <summary>
/// The rules of architecture.md ("Boundaries"), written once and applied both to the real
/// assemblies and to the canary, so a rule that selects the wrong types shows up as a canary
/// that passes.
/// </summary>
internal static class BoundaryRules
{
    public static IArchRule MustNotDependOn(Assembly from, Assembly to) =>
        Types().That().ResideInAssembly(from)
            .Should().NotDependOnAnyTypesThat().ResideInAssembly(to)
            .Because($"{from.GetName().Name} may reach {to.GetName().Name} only through its .Abstractions");

    public static IArchRule MustNotUseEfCoreOrAspNetCore(Assembly publicFace) =>
        Types().That().ResideInAssembly(publicFace)
            .Should().NotDependOnAnyTypesThat().ResideInNamespaceMatching(@"^Microsoft\.(EntityFrameworkCore|AspNetCore)(\..+)?$")
            .Because("a module's public face holds DTOs, query interfaces and events only");

    /// <summary>Only the module entry point and its migrations (FluentMigrator loads exported types) are public.</summary>
    public static IArchRule OnlyEntryPointAndMigrationsArePublic(Assembly implementation) =>
        Types().That().ResideInAssembly(implementation).And().ArePublic()
            .Should().BeAssignableTo(typeof(Utilities.Platform.Modules.IModule))
            .OrShould().BeAssignableTo(typeof(FluentMigrator.Migration))
            .Because("everything else in a module is internal sealed");

    /// <summary>
    /// A plugin reaches nothing of ours but the SDK (its own NuGet dependencies are its business).
    /// Assembly names are matched by pattern: plugins are loaded from their folders, not referenced.
    /// </summary>
    public static IArchRule PluginDependsOnNothingOfOursButTheSdk(string plugin) =>
        Types().That().ResideInAssemblyMatching(AssemblyPattern(plugin))
            .Should().NotDependOnAnyTypesThat().ResideInAssemblyMatching(
                $@"^Utilities\.(?!Plugins\.Sdk(,|$)|{Regex.Escape(plugin["Utilities.".Length..])}(,|$))")
            .Because("a plugin references only Utilities.Plugins.Sdk (architecture.md, \"A plugin\")");

    /// <summary>The SDK stands alone: no module, platform, host or plugin of ours.</summary>
    public static IArchRule SdkDependsOnNothingOfOurs(string sdk) =>
        Types().That().ResideInAssemblyMatching(AssemblyPattern(sdk))
            .Should().NotDependOnAnyTypesThat().ResideInAssemblyMatching($@"^Utilities\.(?!{Regex.Escape(sdk["Utilities.".Length..])}(,|$))")
            .Because("the plugin SDK is small and stable and depends on nothing of ours");

    public static string AssemblyPattern(string name) => $"^{Regex.Escape(name)}(,|$)";
}
