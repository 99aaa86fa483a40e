using Microsoft.Extensions.Localization;
using Utilities.Billing.Resources;

namespace Utilities.Billing.Registries;

/// <summary>
/// Problems are stored as codes with their details ("Amount" + "-5,00"), so each reader gets them
/// in their own language: the text is the <c>Problem_&lt;code&gt;</c> resource with the details
/// (separated by '|') as its arguments.
/// </summary>
internal static class RegistryMessages
{
    public static string Text(IStringLocalizer<RegistryText> text, string? problem, string? detail)
    {
        if (problem is null)
            return string.Empty;
        var args = (detail ?? string.Empty).Split('|');
        var message = text["Problem_" + problem, args];
        return message.ResourceNotFound ? problem : message.Value;
    }
}
