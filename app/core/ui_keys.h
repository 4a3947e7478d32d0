// Every UI string key the screens use. The content checker requires each one in Danish and warns when
// English or Norwegian lacks it. Add a key here when a screen starts using it.
#pragma once
#include <array>
#include <string_view>

namespace bk {

// The texts with a count ({n}) that change with it: in ui/<lang>.json each is an object with every plural
// form the language has ({"one": ..., "few": ..., "other": ...}); the checker asks ICU which forms those are.
inline constexpr std::array kPluralUiKeys = std::to_array<std::string_view>({
    "list.minutes", "guide.on_phone_hint", "thanks.returning", "idle.seconds_left", "help.waited"});

inline constexpr std::array kUiKeys = std::to_array<std::string_view>({
    // start screen
    "start.title", "start.subtitle", "start.tap_to_begin", "start.choose_language",
    "lang.da", "lang.en", "lang.nb", "lang.uk", "lang.ar", "lang.tr", "lang.pl",
    // home
    "home.title", "home.guides", "home.welfare", "home.welfare_hint",
    "home.help", "home.help_hint",
    // lists
    "list.guides_title", "list.welfare_title", "list.minutes",
    // guide
    "guide.step_of", "guide.back", "guide.next", "guide.finish", "guide.you_need", "guide.qr_hint", "guide.show_qr",
    "guide.on_phone", "guide.on_phone_hint",
    "guide.official_site", "guide.no_login_here",
    // on every screen
    "common.read_aloud", "common.stop_reading", "common.help", "common.text_size", "common.contrast",
    "common.back", "common.home", "top.leave_guide", "common.close", "common.language",
    // help call
    "help.title", "help.sending", "help.sent", "help.acknowledged", "help.offline", "help.cancel",
    "help.banner_waiting", "help.banner_coming", "help.not_yet", "help.go_to_desk", "help.waited",
    // speech mode
    "speech.started", "speech.keys", "speech.button", "speech.selected", "speech.not_available", "speech.volume",
    "speech.qr_code",
    // feedback
    "feedback.title", "feedback.rating_1", "feedback.rating_2", "feedback.rating_3", "feedback.rating_4",
    "feedback.rating_5", "feedback.task_done", "feedback.yes", "feedback.partly", "feedback.no",
    "feedback.reasons", "feedback.reason.too_many_steps", "feedback.reason.hard_words",
    "feedback.reason.missing_info", "feedback.reason.technical_problem", "feedback.reason.needed_help",
    "feedback.comment", "feedback.comment_edit", "feedback.comment_privacy", "feedback.send", "feedback.send_hint", "feedback.skip",
    // closed outside opening hours (screen_closed.cpp)
    "closed.title", "closed.body", "closed.today", "closed.next_open", "closed.hours", "closed.all_day",
    // thanks
    "thanks.title", "thanks.body", "thanks.returning",
    // idle overlay
    "idle.title", "idle.body", "idle.help_body", "idle.continue", "idle.end", "idle.seconds_left",
    // on-screen keyboard
    "keyboard.space", "keyboard.done", "keyboard.numbers", "keyboard.letters", "keyboard.latin", "keyboard.backspace",
    "keyboard.shift",
    // staff mode
    "staff.pin_title", "staff.pin_wrong", "staff.pin_checking", "staff.pin_locked", "staff.ok",
    "staff.cancel", "staff.title", "staff.calls", "staff.no_calls",
    "staff.waiting", "staff.acknowledged", "staff.ack", "staff.resolve",
    "staff.on_screen.start", "staff.on_screen.home", "staff.on_screen.list", "staff.on_screen.guide",
    "staff.on_screen.feedback", "staff.on_screen.thanks",
    "staff.refresh", "staff.registry", "staff.connected", "staff.offline",
    "staff.backlog", "staff.last_upload", "staff.never", "staff.dropped",
    "staff.content", "staff.content_ok", "staff.reload", "staff.reloading", "staff.test_speech", "staff.speech_off",
    "staff.exit_app", "staff.exit", "staff.source.fresh", "staff.source.last-known-good",
    // no usable content
    "outoforder.title", "outoforder.body",
});

}  // namespace bk
