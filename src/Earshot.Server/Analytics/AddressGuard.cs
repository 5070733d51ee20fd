using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Earshot.Server.Analytics;

/// <summary>
/// The SSRF rule for every outgoing request made for a user: only http(s), and no loopback, private, shared (CGNAT),
/// link-local, multicast, broadcast or unspecified address, judged on the addresses the name resolves to, unless the
/// host or the address is listed in <c>Downloads:AllowedHosts</c> (names, addresses or CIDR ranges).
/// </summary>
public sealed class AddressGuard(IOptions<DownloadOptions> options)
{
    public const string NotAllowed = "address not allowed";

    private readonly (string[] Hosts, (IPAddress Network, int Prefix)[] Ranges) _allowed = ParseAllowed(options.Value.AllowedHosts);

    /// <summary>Null when the URL may be fetched as far as can be told before connecting (scheme, literal address); else why not.</summary>
    public string? CheckUrl(Uri url)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
            return "The URL must be an absolute http or https URL.";
        if (!string.IsNullOrEmpty(url.UserInfo))
            return "The URL must not carry credentials.";
        return null;
    }

    /// <summary>Resolves the host and returns the addresses that may be connected to; throws <see cref="AddressNotAllowedException"/> when none may.</summary>
    public async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
            addresses = [literal];
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            }
            catch (SocketException ex)
            {
                throw new HttpRequestException($"The host '{host}' could not be resolved: {ex.SocketErrorCode}.", ex);
            }
        }
        var hostAllowed = _allowed.Hosts.Contains(host, StringComparer.OrdinalIgnoreCase);
        var usable = addresses.Where(a => hostAllowed || IsAllowed(a)).ToArray();
        if (usable.Length == 0)
            throw new AddressNotAllowedException(host);
        return usable;
    }

    public bool IsAllowed(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (_allowed.Ranges.Any(r => InRange(address, r.Network, r.Prefix)))
            return true;
        return !IsSpecial(address);
    }

    private static bool IsSpecial(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
            return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || address.IsIPv6UniqueLocal
                || address.Equals(IPAddress.IPv6None);
        var b = address.GetAddressBytes();
        return b[0] is 0 or 10 or 127 || b[0] >= 224 // this network, private, loopback, multicast and reserved
            || b[0] == 172 && b[1] is >= 16 and <= 31
            || b[0] == 192 && b[1] == 168
            || b[0] == 169 && b[1] == 254
            || b[0] == 100 && b[1] is >= 64 and <= 127;
    }

    private static bool InRange(IPAddress address, IPAddress network, int prefix)
    {
        if (address.AddressFamily != network.AddressFamily)
            return false;
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        for (var i = 0; i < a.Length && prefix > 0; i++, prefix -= 8)
        {
            var mask = prefix >= 8 ? 0xFF : 0xFF << (8 - prefix) & 0xFF;
            if ((a[i] & mask) != (n[i] & mask))
                return false;
        }
        return true;
    }

    private static (string[], (IPAddress, int)[]) ParseAllowed(string[] entries)
    {
        var hosts = new List<string>();
        var ranges = new List<(IPAddress, int)>();
        foreach (var entry in entries.Select(e => e.Trim()).Where(e => e.Length > 0))
        {
            var slash = entry.IndexOf('/');
            if (IPAddress.TryParse(slash < 0 ? entry : entry[..slash], out var network))
            {
                var bits = network.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
                var prefix = slash < 0 ? bits : int.Parse(entry[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
                ranges.Add((network, Math.Clamp(prefix, 0, bits)));
            }
            else
            {
                hosts.Add(entry);
            }
        }
        return ([.. hosts], [.. ranges]);
    }
}

/// <summary>The URL's host resolves only to addresses the SSRF rule refuses.</summary>
public sealed class AddressNotAllowedException(string host) : HttpRequestException($"{AddressGuard.NotAllowed}: '{host}' resolves only to refused addresses.");
