namespace Earshot.Engines.Whisper;

/// <summary>One official ggml weights file of whisper.cpp, pinned by size and SHA-256.</summary>
/// <param name="Variant">whisper.cpp's name for it: tiny.en, base, small.en …</param>
public sealed record WhisperWeights(string Variant, long Bytes, string Sha256)
{
    public const string OfficialBaseUrl = "https://huggingface.co/ggerganov/whisper.cpp/resolve/main/";

    public string FileName => $"ggml-{Variant}.bin";

    /// <summary>The model name Earshot publishes it under, e.g. whisper-base.en.</summary>
    public string ModelName => $"whisper-{Variant}";

    public bool EnglishOnly => Variant.EndsWith(".en", StringComparison.Ordinal);

    public Uri DownloadUrl(string baseUrl = OfficialBaseUrl) =>
        new(new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/"), FileName);
}

/// <summary>
/// The ggml files <c>earshot models install</c> knows. Sizes and SHA-256 values are the Git LFS object ids of
/// huggingface.co/ggerganov/whisper.cpp (whisper.cpp's own models/README lists SHA-1 only).
/// </summary>
public static class WhisperCatalog
{
    /// <summary>Installed weights live in {models}/whisper/.</summary>
    public const string Folder = "whisper";

    public static IReadOnlyList<WhisperWeights> All { get; } =
    [
        new("tiny", 77_691_713, "be07e048e1e599ad46341c8d2a135645097a538221678b7acdd1b1919c6e1b21"),
        new("tiny.en", 77_704_715, "921e4cf8686fdd993dcd081a5da5b6c365bfde1162e72b08d75ac75289920b1f"),
        new("base", 147_951_465, "60ed5bc3dd14eea856493d334349b405782ddcaf0028d4b5df4088345fba2efe"),
        new("base.en", 147_964_211, "a03779c86df3323075f5e796cb2ce5029f00ec8869eee3fdfb897afe36c6d002"),
        new("small", 487_601_967, "1be3a9b2063867b937e64e2ec7483364a79917e157fa98c5d94b5c1fffea987b"),
        new("small.en", 487_614_201, "c6138d6d58ecc8322097e0f987c32f1be8bb0a18532a3f88f734d1bbf9c41e5d"),
    ];

    /// <summary>Finds "base.en", "whisper-base.en" or "ggml-base.en.bin" (case-insensitive).</summary>
    public static WhisperWeights? Find(string name)
    {
        var variant = name.Trim();
        if (variant.StartsWith("whisper-", StringComparison.OrdinalIgnoreCase))
            variant = variant["whisper-".Length..];
        else if (variant.StartsWith("ggml-", StringComparison.OrdinalIgnoreCase) && variant.EndsWith(".bin", StringComparison.OrdinalIgnoreCase))
            variant = variant["ggml-".Length..^".bin".Length];
        return All.FirstOrDefault(w => w.Variant.Equals(variant, StringComparison.OrdinalIgnoreCase));
    }

    public static string InstalledPath(string modelsDirectory, WhisperWeights weights) =>
        Path.Combine(modelsDirectory, Folder, weights.FileName);
}
