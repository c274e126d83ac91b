//! Profiles: the deadlines and which items they govern, as data (SPEC §5).
//!
//! A profile is a list of rules matched in order by task ID, a keyword in the task name, or
//! the system; the first rule that matches gives an item its deadline, and the default
//! applies to everything else. The built-in default is the seed's 2016 schedule. Profiles are
//! saved and loaded as JSON files; a loaded profile is validated with errors that say what to
//! fix.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::item::Item;
use crate::text::fold;

/// A deadline and the items it governs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Shown beside the deadline, e.g. `クール0開始`.
    pub label: String,
    pub deadline: NaiveDate,
    /// Task IDs, compared width-insensitively (`F-3` matches `Ｆ－３`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<String>,
    /// Words that, found in the task name, select the rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Words that, found in the system, select the rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub systems: Vec<String>,
}

/// The deadline for items no rule matches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fallback {
    pub label: String,
    pub deadline: NaiveDate,
}

/// A date shown on timelines that is not a deadline (e.g. the default planned end).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub label: String,
    pub date: NaiveDate,
}

/// Deadlines as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    pub rules: Vec<Rule>,
    pub default: Fallback,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub milestones: Vec<Milestone>,
}

/// A deadline assigned to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline<'p> {
    pub date: NaiveDate,
    pub label: &'p str,
}

/// Why a profile file was refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ProfileError {
    #[error("the profile is not valid JSON or has an unexpected field: {0}")]
    Syntax(String),
    #[error("the profile has no name")]
    NoName,
    #[error("rule {index} has no label")]
    NoLabel { index: usize },
    #[error("rule {index} ({label}) matches nothing: give it tasks, keywords or systems")]
    MatchesNothing { index: usize, label: String },
    #[error("rule {index} ({label}) has an empty task, keyword or system")]
    EmptyMatcher { index: usize, label: String },
}

impl ProfileError {
    /// The reason in Japanese, for the page's profile import.
    pub fn message_ja(&self) -> String {
        match self {
            ProfileError::Syntax(detail) => {
                format!("プロファイルの JSON として読めないか、知らない項目があります（{detail}）。")
            }
            ProfileError::NoName => "プロファイルに名前（name）がありません。".to_owned(),
            ProfileError::NoLabel { index: 0 } => "既定の期日に名称（label）がありません。".to_owned(),
            ProfileError::NoLabel { index } => format!("{index} 番目の規則に名称（label）がありません。"),
            ProfileError::MatchesNothing { index, label } => format!(
                "{index} 番目の規則（{label}）に対象がありません。tasks・keywords・systems のいずれかを指定してください。"
            ),
            ProfileError::EmptyMatcher { index, label } => {
                format!("{index} 番目の規則（{label}）に空のタスク・キーワード・システムがあります。")
            }
        }
    }
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default() // ok: constant dates below are valid
}

impl Default for Profile {
    /// The seed's schedule (2016): Cool 0 on 9/1 for the integrated addressing system, the
    /// intermediate server and the office network (D-5); Cool 1 on 11/1 for everything else.
    fn default() -> Self {
        Profile {
            name: "2016 情報連携（推奨アクションプラン）".to_owned(),
            rules: vec![
                Rule {
                    label: "クール0開始".to_owned(),
                    deadline: ymd(2016, 9, 1),
                    tasks: vec!["D-5".to_owned()],
                    keywords: vec!["統合宛名".to_owned(), "中間サーバー".to_owned(), "庁内ネットワーク".to_owned()],
                    systems: vec![],
                },
                Rule {
                    label: "クール1開始".to_owned(),
                    deadline: ymd(2016, 11, 1),
                    tasks: vec!["F-3".to_owned()],
                    keywords: vec!["既存業務システム".to_owned()],
                    systems: vec![],
                },
            ],
            default: Fallback { label: "クール1開始".to_owned(), deadline: ymd(2016, 11, 1) },
            milestones: vec![Milestone {
                label: "団体内連携テスト完了（従前）".to_owned(), date: ymd(2016, 6, 30)
            }],
        }
    }
}

impl Profile {
    /// Parses and validates a profile file's text.
    pub fn from_json(text: &str) -> Result<Profile, ProfileError> {
        let profile: Profile = serde_json::from_str(text).map_err(|e| ProfileError::Syntax(e.to_string()))?;
        profile.validate()?;
        Ok(profile)
    }

    /// The profile as a pretty-printed file.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() // ok: plain data always serialises
    }

    /// Checks what the type system cannot.
    pub fn validate(&self) -> Result<(), ProfileError> {
        if self.name.trim().is_empty() {
            return Err(ProfileError::NoName);
        }
        for (i, rule) in self.rules.iter().enumerate() {
            let index = i + 1;
            if rule.label.trim().is_empty() {
                return Err(ProfileError::NoLabel { index });
            }
            let label = rule.label.clone();
            if rule.tasks.is_empty() && rule.keywords.is_empty() && rule.systems.is_empty() {
                return Err(ProfileError::MatchesNothing { index, label });
            }
            if rule.tasks.iter().chain(&rule.keywords).chain(&rule.systems).any(|m| fold(m).is_empty()) {
                return Err(ProfileError::EmptyMatcher { index, label });
            }
        }
        if self.default.label.trim().is_empty() {
            return Err(ProfileError::NoLabel { index: 0 });
        }
        Ok(())
    }

    /// The deadline that governs `item`: the first matching rule's, else the default.
    pub fn deadline_for(&self, item: &Item) -> Deadline<'_> {
        self.matcher().deadline_for(item)
    }

    /// A matcher with every word folded once, for classifying many items.
    pub fn matcher(&self) -> Matcher<'_> {
        Matcher {
            profile: self,
            rules: self
                .rules
                .iter()
                .map(|r| FoldedRule {
                    tasks: r.tasks.iter().map(|t| fold(t).into_owned()).collect(),
                    keywords: r.keywords.iter().map(|t| fold(t).into_owned()).collect(),
                    systems: r.systems.iter().map(|t| fold(t).into_owned()).collect(),
                })
                .collect(),
        }
    }
}

struct FoldedRule {
    tasks: Vec<String>,
    keywords: Vec<String>,
    systems: Vec<String>,
}

/// A profile prepared for matching.
pub struct Matcher<'p> {
    profile: &'p Profile,
    rules: Vec<FoldedRule>,
}

impl<'p> Matcher<'p> {
    pub fn deadline_for(&self, item: &Item) -> Deadline<'p> {
        let id = item.task_id.as_deref().map(fold);
        let name = item.task_name.as_deref().map(fold);
        let system = item.system.as_deref().map(fold);
        for (rule, folded) in self.profile.rules.iter().zip(&self.rules) {
            let by_id = id.as_deref().is_some_and(|id| folded.tasks.iter().any(|t| t == id));
            let by_name = name.as_deref().is_some_and(|n| folded.keywords.iter().any(|k| n.contains(k.as_str())));
            let by_system = system.as_deref().is_some_and(|s| folded.systems.iter().any(|k| s.contains(k.as_str())));
            if by_id || by_name || by_system {
                return Deadline { date: rule.deadline, label: &rule.label };
            }
        }
        Deadline { date: self.profile.default.deadline, label: &self.profile.default.label }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_profile_round_trips_through_its_file_form() {
        let p = Profile::default();
        assert_eq!(Profile::from_json(&p.to_json()), Ok(p));
    }

    #[test]
    fn a_refused_profile_explains_itself_in_japanese() {
        let err = Profile::from_json("{ not json").unwrap_err();
        assert!(err.message_ja().starts_with("プロファイルの JSON として読めない"), "{}", err.message_ja());
    }

    #[test]
    fn a_rule_that_matches_nothing_is_refused() {
        let mut p = Profile::default();
        p.rules[0].tasks.clear();
        p.rules[0].keywords.clear();
        assert_eq!(
            Profile::from_json(&p.to_json()),
            Err(ProfileError::MatchesNothing { index: 1, label: "クール0開始".into() })
        );
    }

    #[test]
    fn an_invalid_date_is_refused_with_its_position() {
        let text = Profile::default().to_json().replace("2016-09-01", "2016-09-31");
        assert!(matches!(Profile::from_json(&text), Err(ProfileError::Syntax(m)) if m.contains("line")));
    }

    #[test]
    fn unknown_fields_are_refused() {
        let text = Profile::default().to_json().replacen("\"name\"", "\"nmae\": 1, \"name\"", 1);
        assert!(matches!(Profile::from_json(&text), Err(ProfileError::Syntax(_))));
    }
}
