namespace Earshot.Engines.PaddleOcr;

/// <summary>Where the PP-OCR files are and how the pipeline is tuned (defaults follow PaddleOCR's own).</summary>
public sealed record PaddleOcrOptions
{
    /// <summary>Folder holding the three ONNX models and the key list (models/ppocr/assets when installed by the script).</summary>
    public required string ModelsDirectory { get; init; }

    public string DetectionModelFile { get; init; } = "ch_PP-OCRv4_det_infer.onnx";
    public string ClassifierModelFile { get; init; } = "ch_ppocr_mobile_v2.0_cls_infer.onnx";
    public string RecognitionModelFile { get; init; } = "ch_PP-OCRv4_rec_infer.onnx";
    public string KeysFile { get; init; } = "ppocr_keys_v1.txt";

    /// <summary>The detector sees the page shrunk so its longer side is at most this (then rounded to multiples of 32).</summary>
    public int DetectionMaxSide { get; init; } = 960;

    /// <summary>Probability above which a detector pixel counts as text.</summary>
    public float BinaryThreshold { get; init; } = 0.3f;

    /// <summary>Mean probability inside a candidate box below which it is dropped.</summary>
    public float BoxThreshold { get; init; } = 0.6f;

    /// <summary>Boxes grow by UnclipRatio × area / perimeter on each side, undoing the detector's shrunk text kernels.</summary>
    public double UnclipRatio { get; init; } = 1.5;

    public int MaxCandidates { get; init; } = 1000;

    /// <summary>Run the 0°/180° classifier and turn upside-down lines before recognition.</summary>
    public bool UseDirectionClassifier { get; init; } = true;

    /// <summary>Classifier confidence needed before a line is turned.</summary>
    public float DirectionThreshold { get; init; } = 0.9f;

    /// <summary>Recognised lines whose confidence is below this are dropped as noise.</summary>
    public double MinConfidence { get; init; } = 0.5;

    /// <summary>Lines per recogniser run; measured on CPU, batching costs more per line than it saves.</summary>
    public int RecognitionBatchSize { get; init; } = 1;

    /// <summary>ONNX Runtime intra-op threads per session.</summary>
    public int Threads { get; init; } = 2;

    public string ConvertPath { get; init; } = Imaging.ImageMagickDecoder.DefaultConvertPath;
}
