//! The standardisation programme's built-in data (SPEC §9): the 総務省's 40 steps, the 20 業務
//! with the other names sources give them, the step status words, and the deadlines.
//!
//! These are *data* of the `hyojunka` profile; layout detection also reads them to recognise
//! step and 業務 headings before any profile is chosen (the profile is chosen by the shape of the
//! files). Copied from `shared/hyojunka/steps.tsv`.

use chrono::NaiveDate;

/// The 40 steps of the 総務省's procedure (自治体情報システムの標準化・共通化に係る手順書), in
/// order: (code, name). The last, ⑱-1, means the standard system is in operation.
pub(crate) const STEPS: [(&str, &str); 40] = [
    ("①-1", "推進体制案の作成"),
    ("①-2", "関連部局との調整・担当者名簿の作成"),
    ("①-3", "首長等への報告"),
    ("②-1", "現行システム環境の基礎調査（基礎情報・契約範囲等に係る調査）"),
    ("②-2", "連携一覧の調査・作成"),
    ("②-3", "移行に係る現行システムベンダとの打合せ・役割の 認識合わせ"),
    ("②-4", "概要調査結果の取りまとめ"),
    ("③-1", "標準化対象範囲の確認（標準仕様書と現行システムとを比較し調達範囲・単位の差異を洗い出し）"),
    ("③-2", "Fit&Gap分析による課題（運用見直しが必要な業務等） の洗い出し"),
    ("④-1", "移行方針や調達範囲・単位の検討 （周辺機器・外部委託含む）"),
    ("④-2", "調達方式（指名型/公募型プロポーザル方式 or 総合評価 落札方式 or 最低価格落札方式等）の検討"),
    ("④-3", "調達スケジュールの検討 （RFI、RFP、予算計上、移行時期等）"),
    ("④-4", "移行にあたっての課題と対策の整理"),
    ("⑤-1", "RFI資料の作成"),
    ("⑤-2", "標準仕様書のうち「実装してもしなくても良い機能」 に関する方針（求める機能の整理、優先順位付け）の決定"),
    ("⑤-3", "標準準拠システム以外の情報システムに関するRFI資料の作成"),
    ("⑥-1", "RFI資料に関するベンダからの質問への回答"),
    ("⑥-2", "ベンダからのRFI回答受領"),
    ("⑦-1", "RFI結果の分析"),
    ("⑦-2", "移行計画の詳細化・変更"),
    ("⑧-1", "予算根拠資料の作成"),
    ("⑧-2", "予算要求・財政部局等との調整"),
    ("⑨-1", "RFP資料の作成"),
    ("⑨-2", "RFP資料に関するベンダからの質問への回答"),
    ("⑨-3", "ベンダからのRFP回答受領"),
    ("⑩-1", "ベンダ評価の実施"),
    ("⑩-2", "ベンダの選定・決定"),
    ("⑪-1", "ベンダとの契約協議の実施"),
    ("⑪-2", "システム移行に係る詳細スケジュールの確定"),
    ("⑫-1", "特定個人情報保護評価（PIA）の実施"),
    ("⑬-1", "システム移行時の設定（標準準拠システムの運用方法の検討・確定、システムの機能確認等）"),
    ("⑭-1", "データクレンジングや文字の同定基準に関するベンダとの調整"),
    ("⑭-2", "データクレンジングの実施"),
    ("⑭-3", "最終データ移行の実施・結果確認"),
    ("⑮-1", "テストの実施"),
    ("⑮-2", "研修の実施"),
    ("⑯-1", "既存環境の設定変更に向けた調整（必要機器の調達等）"),
    ("⑯-2", "既存環境の設定変更（標準準拠システムと庁内ネットワーク接続の設計、構築等）"),
    ("⑰-1", "条例・規則の改正"),
    ("⑱-1", "運用開始ステータス"),
];

/// The 20 業務 in the 総務省's order, each with the other names sources give it.
pub(crate) const TASKS: [(&str, &[&str]); 20] = [
    ("住民記録", &["住民基本台帳"]),
    ("選挙人名簿管理", &[]),
    ("固定資産税", &[]),
    ("個人住民税", &[]),
    ("法人住民税", &[]),
    ("軽自動車税", &[]),
    ("就学", &[]),
    ("国民年金", &[]),
    ("国民健康保険", &[]),
    ("後期高齢者医療", &[]),
    ("介護保険", &[]),
    ("障害者福祉", &[]),
    ("生活保護", &[]),
    ("健康管理", &[]),
    ("児童手当", &[]),
    ("児童扶養手当", &[]),
    ("子ども・子育て支援", &["子ども子育て支援"]),
    ("戸籍", &[]),
    ("戸籍附票", &["戸籍の附票"]),
    ("印鑑登録", &[]),
];

/// Names a list may give that are not among the 20 業務: noted and otherwise ignored.
pub(crate) const IGNORED_TASKS: [&str; 1] = ["共通機能"];

/// Step status words (SPEC §9): done, not applicable, in progress, not started.
pub(crate) const DONE_WORDS: [&str; 2] = ["完了済み", "完了"];
pub(crate) const NOT_APPLICABLE_WORDS: [&str; 1] = ["対象外"];
pub(crate) const IN_PROGRESS_WORDS: [&str; 1] = ["作業中"];
pub(crate) const NOT_STARTED_WORDS: [&str; 2] = ["未", "未着手"];

/// The standardisation deadline, 令和7年度末.
pub(crate) const DEADLINE: NaiveDate = match NaiveDate::from_ymd_opt(2026, 3, 31) {
    Some(d) => d,
    None => panic!("2026-03-31 is a date"),
};
pub(crate) const DEADLINE_LABEL: &str = "移行期限（令和7年度末）";

/// The extended deadline of a 特定移行支援システム (概ね5年以内; editable), 令和12年度末.
pub(crate) const EXTENDED_DEADLINE: NaiveDate = match NaiveDate::from_ymd_opt(2031, 3, 31) {
    Some(d) => d,
    None => panic!("2031-03-31 is a date"),
};
pub(crate) const EXTENDED_LABEL: &str = "特定移行支援システム（令和12年度末）";
