using Microsoft.Extensions.Localization;
using Utilities.Contracts.Identity;
using Utilities.Contracts.Resources;

namespace Utilities.Contracts.Pages.Cabinet.Identity;

internal static class Messages
{
    public static string? Of(IStringLocalizer<ContractsText> text, IdentityResult result) =>
        result.Succeeded ? null : text[result.ErrorKey!, result.ErrorArgs].Value;
}
