using Earshot.Engines.Reading;

namespace Earshot.Server.Jobs.Pipelines;

/// <param name="Speaker">Optional enrolled external id (/v1/voices): the result then says how well the reading voice matches it.</param>
public sealed record ComparisonTextRequest(Guid AudioFile, string AudioModel, IReadOnlyList<string> Text, string? Speaker = null);

/// <param name="Speaker">Optional enrolled external id (/v1/voices): the result then says how well the reading voice matches it.</param>
public sealed record ComparisonImageRequest(Guid AudioFile, Guid ImageFile, string AudioModel, string ImageModel, string? Speaker = null);

/// <summary>"Who is reading": the enrolled speaker's verification score for the reading audio; null score when the
/// audio held too little speech for a voiceprint.</summary>
public sealed record ComparisonSpeaker(string ExternalId, double? Score, bool? Accepted, double Threshold, double SpeechSeconds);

/// <summary>The seed's error entry: where in the audio, where in the reference, what was heard and expected.</summary>
public sealed record ComparisonError(AudioSegment AudioSegment, int AtChar, string Found, string Expected);

/// <summary>One reference word: how it was read, when, and (image tasks) where it is on the page.</summary>
/// <param name="Clip">A padded clip of the word (for an omission: of the gap where it should have been); null when nothing was heard.</param>
public sealed record ComparisonWord(int Index, string Text, int AtChar, int Length, ReadingStatus Status, string? Heard, double? Start, double? End,
    double Confidence, Guid? Clip, BoxCoordinates? Box, bool Overridden = false);

public sealed record ComparisonInsertion(int BeforeIndex, string Word, double Start, double End, double Confidence, ReadingStatus Status, Guid? Clip);

public sealed record ComparisonScores(double Accuracy, double Completeness, double WordsCorrectPerMinute, double ReadingTime,
    IReadOnlyList<ComparisonPause> LongPauses);

public sealed record ComparisonPause(double Start, double End);

public sealed record ComparisonAudio(string Text, IReadOnlyList<AudioSegment> Segments, IReadOnlyList<WordTiming> Words, string Model, string ModelVersion);

/// <summary>
/// Result of both comparison kinds: the seed's image/audio/errors, plus per-word results, insertions and scores.
/// <see cref="Reference"/> is the text compared against (the OCR text for image tasks); char offsets point into it.
/// </summary>
public sealed record ComparisonResult(ImageProcessingResult? Image, ComparisonAudio Audio, IReadOnlyList<ComparisonError> Errors,
    string Reference, IReadOnlyList<ComparisonWord> Words, IReadOnlyList<ComparisonInsertion> Insertions, ComparisonScores Scores,
    string Method, ComparisonSpeaker? Speaker = null);
