using Earshot.Testing;

namespace Earshot.Engines.Tests.Whisper;

/// <summary>whisper.cpp's weight-less test file (tiny.en structure, no trained weights): it loads and transcribes to nothing.</summary>
public static class WhisperTestModel
{
    public static string Path => System.IO.Path.Combine(RepositoryPaths.Shared, "models", "whisper", "for-tests-ggml-tiny.en.bin");

    public const string Sha256 = "dd6b7796204a1cdf7164666423034e6e1a7a3e9f5c22327b4b7974c4584bd82d";
}
